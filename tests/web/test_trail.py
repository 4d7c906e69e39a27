"""The audit trail as sentences: every action the code records reads in fi, sv and en."""

from __future__ import annotations

import ast
import string
from datetime import UTC, datetime
from pathlib import Path

from bot.web.staff.trail import SENTENCES, narrate
from models import CaseStatus

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = {"add_event": 3, "record": 3}  # function -> index of the action argument


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
            for t in n.targets if isinstance(t, ast.Name)}


def _resolve(expr: ast.expr, tree: ast.Module, consts: dict[str, str]) -> set[str] | None:
    """The string values an action argument can take, or None if it cannot be told."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        a, b = _resolve(expr.body, tree, consts), _resolve(expr.orelse, tree, consts)
        return None if a is None or b is None else a | b
    if isinstance(expr, ast.Name):
        if expr.id in consts:
            return {consts[expr.id]}
        found: set[str] = set()
        for node in ast.walk(tree):  # `action, details = OVERDUE, {...}` style assignments
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
                for t in node.targets:
                    if isinstance(t, ast.Tuple):
                        for name, val in zip(t.elts, node.value.elts, strict=False):
                            if isinstance(name, ast.Name) and name.id == expr.id:
                                found |= _resolve(val, tree, consts) or set()
        return found or None
    return None


def recorded_actions() -> dict[str, str]:
    """Every action name passed to add_event / record / set_status in bot/ and handlers/."""
    out: dict[str, str] = {}
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]:
        tree = ast.parse(path.read_text(), filename=str(path))
        consts = _constants(tree)
        wrapper_params = {a.arg for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                          and f.name in WRAPPERS for a in f.args.args}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "set_status":
                out["status_changed"] = str(path)
            if name not in WRAPPERS or len(node.args) <= WRAPPERS[name]:
                continue
            arg = node.args[WRAPPERS[name]]
            if isinstance(arg, ast.Name) and arg.id in wrapper_params and arg.id not in consts:
                continue  # a wrapper passing its own parameter on; its callers are counted
            values = _resolve(arg, tree, consts)
            assert values, f"{path}:{node.lineno}: cannot tell which action is recorded"
            for v in values:
                out[v] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return out


def test_the_search_finds_the_known_actions() -> None:
    found = recorded_actions()
    for action in ("opened", "status_changed", "approved", "rejected", "deadline_reminder",
                   "overdue_notice", "erased", "reply_queued", "challenge_sent"):
        assert action in found


def test_every_recorded_action_has_a_sentence_in_every_language() -> None:
    missing = {a: where for a, where in recorded_actions().items() if a not in SENTENCES}
    assert not missing, f"actions without a sentence in bot/web/staff/trail.py: {missing}"
    for action, texts in SENTENCES.items():
        assert len(texts) == 3 and all(t.strip() for t in texts), action
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts]
        assert fields[0] == fields[1] == fields[2], f"{action}: the languages use different fields"


def test_a_staff_approval_reads_as_a_finnish_sentence_in_helsinki_time() -> None:
    s = narrate("approved", {"reason": "henkilöllisyys varmennettu"}, actor_type="staff", actor="dpo",
                at=datetime(2026, 8, 19, 10, 20, tzinfo=UTC), lang="fi", kind="erasure")
    assert f"{s.time} {s.text}" == "13.20 dpo hyväksyi poiston: henkilöllisyys varmennettu"
    assert s.date == "19.8.2026"
    assert s.raw["action"] == "approved" and s.raw["details"] == {"reason": "henkilöllisyys varmennettu"}


def test_details_are_labelled_values_without_codes_dicts_or_iso_dates() -> None:
    at = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)
    s = narrate("status_changed", {"from": "received", "to": "awaiting_verification"},
                actor_type="bot", actor="bot", at=at, lang="sv")
    assert s.text == "boten ändrade status till Väntar på verifiering (var Mottagen)"
    assert s.time == "9.05"
    e = narrate("unsubscribed", {"tables": {"consent": 1, "suppression": 1}}, actor_type="bot",
                actor="bot", at=at, lang="fi")
    assert e.details == [("Taulut", "suostumukset ja markkinointikiellot: 1; markkinoinnin estolista: 1")]
    x = narrate("extended", {"extended_due": "2026-08-19", "reason": "monimutkainen"},
                actor_type="staff", actor="dpo", at=at, lang="en")
    assert x.text == "dpo extended the deadline to 19.8.2026: monimutkainen"
    assert x.time == "9:05"
    for sentence in (s, e, x):
        shown = sentence.text + " ".join(f"{k} {v}" for k, v in sentence.details)
        assert "{" not in shown and "2026-" not in shown and "_" not in shown


def test_every_status_reads_as_a_word_in_every_language() -> None:
    at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    for st in CaseStatus:
        for lang in ("fi", "sv", "en"):
            s = narrate("status_changed", {"from": "received", "to": st.value}, actor_type="bot",
                        actor="bot", at=at, lang=lang)
            assert st.value not in s.text or "_" not in st.value, (st, lang, s.text)


def test_bot_reasons_are_translated() -> None:
    s = narrate("queued_for_staff", {"reason": "requester not in the register"}, actor_type="bot",
                actor="bot", at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC), lang="fi")
    assert s.text == "botti siirsi pyynnön henkilökunnalle: pyytäjä ei ole rekisterissä"


def test_the_case_page_shows_the_trail_as_finnish_sentences_with_the_raw_record(live) -> None:
    import re

    from bs4 import BeautifulSoup

    from tests.web.client import staff_client
    from tests.web.factories import PASSWORD, make_case, make_staff

    make_staff(live.rt)
    ref = make_case(live.rt, email="pirkko@example.fi")
    c, csrf = staff_client(live.url, "liisa", PASSWORD)
    assert c.post(f"/staff/cases/{ref}/note", data={"text": "soitin asiakkaalle", "csrf": csrf}).status_code == 303
    page = c.get(f"/staff/cases/{ref}?lang=fi")
    soup = BeautifulSoup(page.text, "html.parser")
    trail = soup.find(id="timeline")
    assert trail is not None
    text = " ".join(trail.get_text(" ").split())
    assert "liisa kirjoitti muistiinpanon: soitin asiakkaalle" in text
    assert "botti avasi pyynnön (Tietojen tarkastus), määräpäivä" in text
    assert trail.find("details", class_="raw") is not None and '"action": "note"' in trail.get_text()
    visible = " ".join(t.get_text(" ") for t in trail.find_all("li"))
    for raw in trail.find_all("details"):
        visible = visible.replace(raw.get_text(" "), "")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", visible), "an ISO date on the page"
    assert "status_changed" not in visible and "{'" not in visible
