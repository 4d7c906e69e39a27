"""What happens to a message after parsing: cases opened or joined, challenges, and replies."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from handlers.verification import (
    ChallengeExpired,
    ChallengeUsed,
    InvalidToken,
    expire_challenges,
    verify_token,
)
from models import (
    Case,
    CaseEvent,
    CaseStatus,
    InboundMessage,
    RequestKind,
    Suppression,
    VerificationChallenge,
)
from tests.cases.factories import add_person, deliver, outbound, raw_mail, text_of

NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # 10:00 in Helsinki; due 7.4.2026 (Easter)
ACCESS_EN = "Hello,\nunder GDPR Article 15 I want a copy of my personal data you hold.\nRegards, Matti"


@pytest.fixture
def crt(rt: Runtime) -> Runtime:
    rt.clock = FixedClock(NOW)
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
    return rt


def _cases(rt: Runtime) -> list[Case]:
    with rt.db.session() as s:
        return list(s.exec(select(Case).order_by(Case.id)).all())  # type: ignore[arg-type]


def _events(rt: Runtime, case: Case) -> list[str]:
    with rt.db.session() as s:
        return [e.action for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                         .order_by(CaseEvent.id)).all()]  # type: ignore[arg-type]


def _link_and_code(text: str) -> tuple[str, str]:
    token = re.search(r"/v/([A-Za-z0-9_.\-]+)", text)
    code = re.search(r"\b(\d{6})\b", text)
    assert token and code, text
    return token.group(1), code.group(1)


def test_access_from_registered_address_gets_acknowledgement_with_due_date_and_challenge(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="Matti <Matti@Example.fi>", subject="Data request", body=ACCESS_EN,
                          message_id="<req-1@example.fi>"))
    [case] = _cases(crt)
    assert case.kind == RequestKind.ACCESS and case.status == CaseStatus.AWAITING_VERIFICATION
    assert case.person_id is not None and case.challenge_id is not None
    [ack] = outbound(crt)
    assert ack.to_addr == "matti@example.fi" and ack.purpose == "acknowledgement"
    msg = email.message_from_bytes(ack.raw, policy=email.policy.default)
    assert msg["Subject"] == f"Re: Data request [{case.reference}]"
    assert msg["In-Reply-To"] == "<req-1@example.fi>"
    assert "<req-1@example.fi>" in msg["References"]
    assert msg["Auto-Submitted"] == "auto-replied"
    text = text_of(ack.raw)
    assert case.reference in text and "7 April 2026" in text
    token, code = _link_and_code(text)
    with crt.db.session() as s:
        ch = s.get(VerificationChallenge, case.challenge_id)
        assert ch.sent_to == "matti@example.fi"  # type: ignore[union-attr]
        assert token not in ch.token_hash and code not in ch.code_hash  # type: ignore[union-attr]
        m = s.exec(select(InboundMessage)).one()
        assert m.kinds == ["access"] and m.outcome == "request"
    assert _events(crt, case) == ["opened", "status_changed", "challenge_sent", "reply_queued"]


def test_unknown_address_gets_the_neutral_reply_and_staff_see_the_case(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="stranger@example.com", subject="Data request", body=ACCESS_EN))
    [case] = _cases(crt)
    assert case.status == CaseStatus.RECEIVED and case.person_id is None and case.needs_review
    assert "requester_not_in_register" in case.flags and case.challenge_id is None
    [reply] = outbound(crt)
    assert reply.to_addr == "stranger@example.com"
    text = text_of(reply.raw)
    assert case.reference in text and "/v/" not in text
    assert "another email address" in text  # asks which address we may know them by
    assert "Matti" not in text


def test_a_forged_from_with_a_reply_to_sends_nothing_to_the_reply_to(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN,
                          headers={"Reply-To": "attacker@evil.example"}))
    assert outbound(crt, to_addr="attacker@evil.example") == []
    [ack] = outbound(crt)
    assert ack.to_addr == "matti@example.fi"
    assert "attacker" not in ack.raw.decode()
    [case] = _cases(crt)
    assert "reply_to_differs" in case.flags and case.needs_review


def test_two_kinds_in_one_message_open_two_cases_answered_in_one_reply(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="GDPR",
                          body="Please send me a copy of my data and then delete everything."))
    cases = _cases(crt)
    assert sorted(c.kind.value for c in cases) == ["access", "erasure"]
    assert len({c.challenge_id for c in cases}) == 1  # one challenge for both
    [ack] = outbound(crt)
    text = text_of(ack.raw)
    assert all(c.reference in text and c.reference in ack.subject for c in cases)


def test_follow_ups_join_the_open_case(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    [ack] = outbound(crt)
    # A reply in the thread that is not itself a request.
    deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Re: {ack.subject}",
                          body="Any news? I am waiting eagerly for an answer to this.",
                          headers={"In-Reply-To": ack.message_id}))
    # The same request again two days later.
    crt.clock.advance(timedelta(days=2))  # type: ignore[attr-defined]
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request again", body=ACCESS_EN))
    [case] = _cases(crt)
    assert _events(crt, case).count("message_linked") == 2
    assert len(outbound(crt)) == 1  # follow-ups get no automatic reply
    with crt.db.session() as s:
        assert [m.outcome for m in s.exec(select(InboundMessage).order_by(InboundMessage.id))] == [
            "request", "follow_up", "follow_up"]


def test_an_out_of_office_reply_to_our_acknowledgement_gets_no_answer(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    [ack] = outbound(crt)
    deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Automatic reply: {ack.subject}",
                          body="I am out of the office until Monday. Send me your data request code.",
                          headers={"In-Reply-To": ack.message_id, "Auto-Submitted": "auto-replied"}))
    assert len(outbound(crt)) == 1
    [case] = _cases(crt)
    assert "automatic_reply_received" in _events(crt, case)
    assert case.status == CaseStatus.AWAITING_VERIFICATION


def test_a_bounce_of_our_reply_is_linked_to_its_case(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    [ack] = outbound(crt)
    dsn = (
        "From: MAILER-DAEMON@mx.example.fi\r\nTo: info@xcure.fi\r\nSubject: Undelivered Mail\r\n"
        "Message-ID: <dsn-1@mx.example.fi>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.fi\r\n\r\n"
        "Final-Recipient: rfc822; matti@example.fi\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {ack.message_id}\r\nSubject: {ack.subject}\r\n--b--\r\n"
    ).encode()
    deliver(crt, dsn, envelope_from="")
    assert len(outbound(crt)) == 1
    [case] = _cases(crt)
    assert "reply_bounced" in _events(crt, case) and case.needs_review
    with crt.db.session() as s:
        assert s.exec(select(InboundMessage).order_by(InboundMessage.id.desc())).first().outcome == "bounce"  # type: ignore[union-attr]


def test_a_reply_with_the_code_verifies_and_a_wrong_code_is_counted(crt: Runtime) -> None:
    crt.settings.identity.max_code_attempts = 2
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    [ack] = outbound(crt)
    _token, code = _link_and_code(text_of(ack.raw))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Re: {ack.subject}", body=wrong,
                          headers={"In-Reply-To": ack.message_id}))
    [case] = _cases(crt)
    assert case.status == CaseStatus.AWAITING_VERIFICATION
    assert "code_wrong" in _events(crt, case)
    assert [o.purpose for o in outbound(crt)] == ["acknowledgement", "code_wrong"]
    # Someone else sending the right code from another address verifies nothing.
    deliver(crt, raw_mail(frm="other@example.fi", subject=f"Re: {ack.subject}", body=code))
    assert _cases(crt)[0].status == CaseStatus.AWAITING_VERIFICATION
    deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Re: {ack.subject}",
                          body=f"Here is the code: {code[:3]} {code[3:]}\n\n> quoted stuff",
                          headers={"In-Reply-To": ack.message_id}))
    [case] = _cases(crt)
    # Verified, and then the access handler delivered the export at once.
    assert case.status == CaseStatus.COMPLETED and case.verified_at == NOW
    assert [o.purpose for o in outbound(crt)][-2:] == ["verified", "final_access"]
    with crt.db.session() as s:
        ch = s.get(VerificationChallenge, case.challenge_id)
        assert ch.state == "verified" and ch.used_by == "email:matti@example.fi"  # type: ignore[union-attr]


def test_too_many_wrong_codes_lock_the_code(crt: Runtime) -> None:
    crt.settings.identity.max_code_attempts = 2
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    [ack] = outbound(crt)
    _token, code = _link_and_code(text_of(ack.raw))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(2):
        deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Re: {ack.subject}", body=wrong))
    deliver(crt, raw_mail(frm="matti@example.fi", subject=f"Re: {ack.subject}", body=code))
    [case] = _cases(crt)
    assert case.status == CaseStatus.AWAITING_VERIFICATION and "challenge_locked" in case.flags


def test_the_link_verifies_once_and_expires(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    token, _code = _link_and_code(text_of(outbound(crt)[0].raw))
    with crt.db.session() as s, pytest.raises(InvalidToken):
        verify_token(s, crt, token[:-2] + "xx", ip="127.0.0.1")
    with crt.db.session() as s:
        [case] = verify_token(s, crt, token, ip="192.0.2.7")
    assert case.verified_at is not None and case.status == CaseStatus.COMPLETED  # export delivered
    with crt.db.session() as s, pytest.raises(ChallengeUsed):
        verify_token(s, crt, token, ip="192.0.2.7")
    assert "verified" in [o.purpose for o in outbound(crt)]
    # A second request's link, used after 15 days, has expired.
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Erase", body="Please delete my data."))
    token2, _ = _link_and_code(text_of(outbound(crt)[-1].raw))
    crt.clock.advance(timedelta(days=15))  # type: ignore[attr-defined]
    with crt.db.session() as s, pytest.raises(ChallengeExpired):
        verify_token(s, crt, token2, ip="192.0.2.7")


def test_unanswered_challenges_expire_with_a_last_message(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    with crt.db.session() as s:
        assert expire_challenges(s, crt) == 0
    crt.clock.advance(timedelta(days=14, seconds=1))  # type: ignore[attr-defined]
    with crt.db.session() as s:
        assert expire_challenges(s, crt) == 1
    with crt.db.session() as s:
        assert expire_challenges(s, crt) == 0  # once
    [case] = _cases(crt)
    assert case.status == CaseStatus.EXPIRED and case.closed_at is not None
    last = outbound(crt)[-1]
    assert last.purpose == "expiry" and last.to_addr == "matti@example.fi"
    assert case.reference in last.subject and "lapsed" in text_of(last.raw)


def test_unsubscribe_takes_effect_at_once_also_for_unknown_addresses(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="someone@example.org", subject="unsubscribe",
                          body="Please unsubscribe me from your newsletter."))
    [case] = _cases(crt)
    assert case.kind == RequestKind.UNSUBSCRIBE and case.status == CaseStatus.COMPLETED
    with crt.db.session() as s:
        assert s.exec(select(Suppression).where(Suppression.email_normalized == "someone@example.org")).first()
    [reply] = outbound(crt)
    assert "suppression list" in text_of(reply.raw)


def test_dmarc_failure_is_flagged_and_held_for_staff_without_any_reply(crt: Runtime) -> None:
    """Issue 12: a forged From (DMARC fail at our MTA) used to get the acknowledgement and the
    identity challenge, sent to the forged address (backscatter). Now nothing goes out; the case
    waits for staff with the flag."""
    crt.settings.identity.trusted_authserv_ids = ["mx.xcure.fi"]
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN, headers={
        "Authentication-Results": "mx.xcure.fi; spf=fail smtp.mailfrom=evil.example; "
                                  "dkim=none; dmarc=fail (p=reject) header.from=example.fi"}))
    [case] = _cases(crt)
    assert "dmarc_fail" in case.flags and case.needs_review and case.challenge_id is None
    assert case.details["authentication"]["dmarc"] == "fail"
    assert "queued_for_staff" in _events(crt, case)
    assert outbound(crt) == []
    with crt.db.session() as s:
        assert s.exec(select(InboundMessage)).one().flags == ["dmarc_fail"]
    # An unsubscribe needs no proof (it only stops marketing): done at once, still unanswered.
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Unsubscribe", body="Please unsubscribe me.",
                          headers={"Authentication-Results": "mx.xcure.fi; dmarc=fail header.from=example.fi"}))
    with crt.db.session() as s:
        assert s.exec(select(Suppression).where(Suppression.email_normalized == "matti@example.fi")).first()
    assert outbound(crt) == []


def test_untrusted_authentication_results_are_ignored(crt: Runtime) -> None:
    crt.settings.identity.trusted_authserv_ids = ["mx.xcure.fi"]
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN, headers={
        "Authentication-Results": "evil.example; dmarc=fail header.from=example.fi"}))
    [case] = _cases(crt)
    assert "dmarc_fail" not in case.flags and "authentication" not in case.details


def test_non_requests_get_no_reply_by_default(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Lunch", body="Shall we meet on Friday?"))
    assert _cases(crt) == [] and outbound(crt) == []
    crt.settings.replies.reply_to_non_requests = True
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Lunch 2", body="Or Saturday then?"))
    assert [o.purpose for o in outbound(crt)] == ["not_request"]


def test_at_most_the_configured_number_of_auto_replies_per_sender_per_day(crt: Runtime) -> None:
    crt.settings.replies.reply_to_non_requests = True
    crt.settings.replies.max_auto_replies_per_day = 3
    for i in range(8):
        deliver(crt, raw_mail(frm="loop@example.org", subject=f"hello {i}", body=f"message {i}"))
    assert len(outbound(crt, to_addr="loop@example.org")) == 3
    crt.clock.advance(timedelta(days=1, seconds=1))  # type: ignore[attr-defined]
    deliver(crt, raw_mail(frm="loop@example.org", subject="next day", body="again"))
    assert len(outbound(crt, to_addr="loop@example.org")) == 4


def test_a_new_request_with_a_number_is_not_taken_for_a_wrong_code(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN))
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Another thing",
                          body="Please delete all my personal data. My customer number is 554433."))
    kinds = sorted(c.kind.value for c in _cases(crt))
    assert kinds == ["access", "erasure"]
    with crt.db.session() as s:
        ch = s.exec(select(VerificationChallenge)).first()
        assert ch.attempts == 0  # type: ignore[union-attr]


def test_a_forwarded_request_is_for_staff_and_nothing_runs(crt: Runtime) -> None:
    body = ("FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Liisa <liisa@example.com>\n"
            "Subject: Poistakaa tietoni\n\nPoistakaa kaikki tietoni ja lopettakaa uutiskirjeet.")
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Fwd: Poistakaa tietoni", body=body))
    cases = _cases(crt)
    assert cases and all(c.status == CaseStatus.RECEIVED and c.needs_review for c in cases)
    assert all("on_behalf_of_another" in c.flags and c.challenge_id is None for c in cases)
    with crt.db.session() as s:
        assert s.exec(select(Suppression)).all() == []  # the forwarder is not unsubscribed
    [ack] = outbound(crt)
    assert ack.to_addr == "matti@example.fi" and "/v/" not in text_of(ack.raw)


def test_hostile_headers_never_break_routing(crt: Runtime) -> None:
    long_id = "<" + "x" * 2000 + "@example.fi>"
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Data request", body=ACCESS_EN,
                          message_id=long_id, headers={"References": " ".join([long_id] * 50)}))
    deliver(crt, raw_mail(frm="a" * 300 + "@example.fi", subject="Data request", body=ACCESS_EN))
    with crt.db.session() as s:
        outcomes = [m.outcome for m in s.exec(select(InboundMessage).order_by(InboundMessage.id))]
    assert outcomes == ["request", "no_sender"]
    [ack] = outbound(crt)
    assert ack.to_addr == "matti@example.fi"
