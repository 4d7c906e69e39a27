"""One language throughout: every staff page and requester page, and every letter, rendered in
Finnish and in Swedish, shows no English status, kind, flag, outcome or reason code and no ISO
timestamp — only words and 19.8.2026-style dates. (The mail itself, shown in <pre>, and the raw
record behind "show the stored record" are the sender's and the database's, and stay as they are.)"""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.kinds import RequestKind
from bot.replies import PURPOSES, render
from bot.runtime.config import load_settings
from bot.runtime.tokens import Purpose, sign
from handlers.verification import start_challenge
from models import (
    ActorType,
    Case,
    CaseStatus,
    Consent,
    OutboundMessage,
    OutboundState,
    ProcessorTask,
)
from models.enums import MessageState
from tests.conftest import ROOT
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_inbound, make_staff

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # status_changed, requester_not_in_register, new_reply
CODES = ({k.value for k in RequestKind} | {s.value for s in CaseStatus}
         | {"processed", "granted", "failed", "automated", "not_request", "follow_up", "True", "False",
            "None", "sent", "queued", "rule", "newsletter", "marketing"})
CODE_WORDS = re.compile(r"\b(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")\b")


def offenders(html: str) -> list[str]:
    """English codes and ISO timestamps in what a person reads on the page."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("pre, script, style, code, details.raw, title"):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    text = re.sub(r"\S+@\S+|https?://\S+|PR-\d{4}-\d+", " ", text)  # addresses, links, references
    found = [m.group(0) for m in ISO.finditer(text)]
    found += [m.group(0) for m in SNAKE.finditer(text)]
    found += [m.group(0) for m in CODE_WORDS.finditer(text)]
    found += ["rule:" + m.group(0) for m in re.finditer(r"rule:\S+", text)]
    return found


def seed(rt) -> dict[str, object]:
    """A working day: cases in every state the queue shows, a full case, a person, other mail."""
    from tests.cases.factories import add_person

    with rt.db.session() as s:
        p = add_person(s, "kaisa.makela@example.fi", name="Kaisa Mäkelä")
        pid = p.id
        s.add(Consent(person_id=pid, email_normalized="kaisa.makela@example.fi", purpose="newsletter",
                      status="granted", at=rt.clock.now()))
    full = make_case(rt, email="kaisa.makela@example.fi", kind=RequestKind.ERASURE, subject="Poistopyyntö",
                     body="Poistakaa tietoni.", days_ago=3, tasks=("HubSpot Inc.",), verified=True)
    late = make_case(rt, email="late@example.fi", days_ago=45, needs_review=True, flags=["new_reply"])
    make_case(rt, email="sv@example.fi", kind=RequestKind.ACCESS, language="sv", days_ago=27)
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == full)).one()
        c.person_id = pid
        c.flags = ["reply_bounced", "processor_api_failed"]
        s.add(c)
        add_event(s, rt, c, "queued_for_staff", details={"reason": "requester not in the register"})
        add_event(s, rt, c, "note", actor_type=ActorType.STAFF, actor="liisa", details={"text": "soitin"})
        add_event(s, rt, c, "reply_failed", details={"purpose": "acknowledgement", "error": "550 5.1.1"})
        set_status(s, rt, c, CaseStatus.AWAITING_APPROVAL)
        s.add(OutboundMessage(case_id=c.id, purpose="acknowledgement", to_addr="kaisa.makela@example.fi",
                              from_addr="info@xcure.fi", subject="Vastaanotettu", message_id="<ack@x>",
                              raw=b"Subject: Vastaanotettu\r\n\r\nHei.\r\n", state=OutboundState.SENT,
                              sent_at=rt.clock.now()))
        s.add(ProcessorTask(case_id=c.id, processor="Google Inc.", action="erase",
                            result={"api": "hubspot", "api_error": "no token"}))
    with rt.db.session() as s:
        someone = add_person(s, "late@example.fi", name="Lauri Myöhä")
        challenge_case = s.exec(select(Case).where(Case.reference == late)).one()
        challenge_case.person_id = someone.id
        set_status(s, rt, challenge_case, CaseStatus.AWAITING_VERIFICATION)
        token, _code = start_challenge(s, rt, [challenge_case], "late@example.fi")
    ask_ref = make_case(rt, email="ask@example.fi", flags=["unclear"])
    with rt.db.session() as s:
        from bot.pipeline.asking import ask_token
        from bot.register.downloads import create_link

        asking = s.exec(select(Case).where(Case.reference == ask_ref)).one()
        asking.status = CaseStatus.AWAITING_REQUESTER
        s.add(asking)
        s.flush()
        ask = ask_token(rt, asking)
        zip_path = rt.settings.outbound.maildir + "-export.zip"
        with open(zip_path, "wb") as f:
            f.write(b"PK\x05\x06" + b"\x00" * 18)
        from pathlib import Path

        download, _link = create_link(s, rt, path=Path(zip_path), filename="tietosi.zip", kind="access",
                                      case=asking)
    other = make_inbound(rt, from_addr="news@vendor.example", subject="Webinaari", body="Tervetuloa",
                         outcome="not_request")
    failed = make_inbound(rt, from_addr="x@example.fi", subject="Rikki", body="?", outcome=None,
                          state=MessageState.FAILED, error="parse error")
    from bot.replies.links import status_token

    with rt.db.session() as s:
        status = status_token(rt, [s.exec(select(Case).where(Case.reference == full)).one()])
    return {"full": full, "person": pid, "other": other, "failed": failed, "verify_token": token,
            "ask_token": ask, "download_token": download, "status_token": status}


STAFF_PAGES = ["/staff", "/staff?view=overdue", "/staff?q=kaisa", "/staff/cases/{full}",
               "/staff/people/{person}", "/staff/figures", "/staff/register", "/staff/messages",
               "/staff/messages?show=failed", "/staff/messages/{other}", "/staff/messages/{failed}",
               "/staff/processors", "/staff/settings"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_staff_page_in_one_language(live, lang: str) -> None:
    make_staff(live.rt)
    ids = seed(live.rt)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    bad = {}
    for path in STAFF_PAGES:
        url = path.format(**ids)
        page = c.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert page.status_code == 200, url
        if found := offenders(page.text):
            bad[url] = sorted(set(found))
    assert bad == {}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_requester_page_in_one_language(live, lang: str) -> None:
    ids = seed(live.rt)
    import httpx

    c = httpx.Client(base_url=live.url, headers={"Accept-Language": lang}, timeout=20)
    unsub = sign(live.rt.settings, Purpose.UNSUBSCRIBE, ["kaisa.makela@example.fi", "newsletter"], timed=False)
    pages = {f"/u/{unsub}": 200, f"/v/{ids['verify_token']}": 200, f"/c/{ids['ask_token']}": 200,
             f"/x/{ids['download_token']}": 200, "/v/broken-token": 400,
             "/request": 200, f"/s/{ids['status_token']}": 200, "/s/broken-token": 404,
             "/x/broken-token": 400, "/c/broken-token": 400, "/no-such-page": 404}
    bad = {}
    for path, status in pages.items():
        page = c.get(path)
        assert page.status_code == status or (status >= 400 and page.status_code >= 400), path
        if found := offenders(page.text):
            bad[path] = sorted(set(found))
    done = c.post(f"/u/{unsub}")
    assert done.status_code == 200
    if found := offenders(done.text):
        bad["POST /u/"] = found
    assert bad == {}


def _letter_context(lang: str) -> dict:
    cfg = load_settings(ROOT / "config.toml", environ={})
    due = date(2026, 4, 7)
    lines = [{"reference": f"PR-2026-{i + 1:05d}", "kind": k.value, "due": due, "done": False,
              "needs_verification": True} for i, k in enumerate(RequestKind)]
    return {"controller": cfg.controller, "authority": cfg.controller.supervisory_authority[lang],
            "cases": lines, "case": lines[1], "due": due, "reason": "tiedot kolmessa järjestelmässä",
            "verify": {"url": "https://privacy.xcure.fi/v/T", "code": "123456", "expires": due},
            "extended_due": date(2026, 6, 5), "original_due": due, "attempts_left": 2,
            "requester": "kaisa@example.fi", "into": "PR-2026-00003", "url": "https://privacy.xcure.fi/x/T",
            "expires": due, "confirm_url": "https://privacy.xcure.fi/c/1",
            "choose_url": "https://privacy.xcure.fi/c/2", "summary": "", "note": "",
            "processors": [{"name": "HubSpot Inc.", "done": True, "date": due},
                           {"name": "Google Inc.", "done": False, "date": due}],
            "changes": [{"label": "Puhelin", "value": "+358 40 765 4321"}],
            "erased": [{"label": "viestintähistoria", "count": 3}],
            "kept": [{"label": "laskut", "code": "accounting", "reason": ""},
                     {"label": "estolista", "code": "suppression", "reason": ""},
                     {"label": "pyynnöt", "code": "case", "reason": ""}],
            "invoices_years": 10, "case_days": 1095,
            "kinds": [k.value for k in RequestKind], "hours": 48,  # the request form's confirmation
            "status_url": "https://privacy.xcure.fi/s/T", "status_expires": due}


LETTERS = sorted(p.stem for p in (ROOT / "bot" / "replies" / "templates" / "fi").glob("*.txt")
                 if not p.stem.startswith("_"))


def test_the_letter_sweep_covers_every_template() -> None:
    assert set(PURPOSES) <= set(LETTERS) and len(LETTERS) >= 19


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("purpose", LETTERS)
def test_every_letter_in_one_language(lang: str, purpose: str) -> None:
    r = render(purpose, lang, **_letter_context(lang))
    assert offenders("<p>" + r.text.replace("<", "&lt;") + "</p>") == []
    assert offenders(r.html) == []
    assert not ISO.search(r.subject) and not SNAKE.search(r.subject)


def test_every_flag_the_code_sets_has_words() -> None:
    """Flags are set across the code (`flags = sorted({..., "x"})`, `FLAG = "x"`); each needs a
    label in fi, sv and en, or the pages would show the code."""
    from bot.web import i18n
    from bot.web.staff import daily_texts, texts  # noqa: F401  (register the labels)

    src = "\n".join(p.read_text() for d in ("bot", "handlers") for p in (ROOT / d).rglob("*.py"))
    names = set(re.findall(r'flags\), "([a-z_]+)"\}', src)) | set(re.findall(r'flags, "([a-z_]+)"\}', src))
    names |= set(re.findall(r'^[A-Z_]*(?:FLAG|UNCONFIRMED|UNCLEAR)[A-Z_]* = "([a-z_]+)"', src, re.M))
    names |= set(re.findall(r'flag(?:: str)? ?= ?"([a-z_]+)"', src)) | {"dmarc_fail", "dkim_fail"}
    assert {"new_reply", "reply_bounced", "processor_api_failed", "unsubscribe_unconfirmed"} <= names
    missing = sorted(n for n in names if not all(i18n.MESSAGES.get(f"flag_{n}", {}).get(lang)
                                                 for lang in i18n.LANGUAGES))
    assert missing == []
