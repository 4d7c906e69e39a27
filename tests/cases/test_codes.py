"""The code finder reads text from outside: it never fails and never yields a brute-force list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers.verification import codes_in
from tests.cases.factories import add_person


def test_codes_in_finds_six_digit_codes_written_the_usual_ways() -> None:
    assert codes_in("Koodi: 123456") == ["123456"]
    assert codes_in("code 123 456, or 123-456") == ["123456"]
    assert codes_in("phone 0401234567 and 12345 and 1234567") == []
    assert codes_in("first 111111 then 222222") == ["111111", "222222"]


@given(st.text(max_size=2000))
def test_codes_in_any_text(text: str) -> None:
    codes = codes_in(text)
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) == len(set(codes))
    assert all(c[:3] in text and c[3:] in text for c in codes)


def test_a_message_full_of_numbers_is_one_attempt_with_few_codes(rt) -> None:  # type: ignore[no-untyped-def]
    """Hundreds of candidate codes in one reply try at most MAX_CODES_PER_MESSAGE of them."""
    from datetime import timedelta

    from bot.cases.service import open_case
    from handlers.verification import start_challenge, verify_code
    from models import CaseStatus, RequestKind, VerificationChallenge
    from tests.cases.factories import add_person

    with rt.db.session() as s:
        p = add_person(s, "matti@example.fi")
        case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                         language="en", received_at=rt.clock.now(), person=p,
                         status=CaseStatus.AWAITING_VERIFICATION)
        _token, code = start_challenge(s, rt, [case], "matti@example.fi")
        others = [f"{n:06d}" for n in range(0, 1000) if f"{n:06d}" != code]
        assert verify_code(s, rt, "matti@example.fi", " ".join([*others, code])) == []
        ch = s.get(VerificationChallenge, case.challenge_id)
        assert ch.attempts == 1 and ch.state == "pending"
        assert [c.id for c in verify_code(s, rt, "matti@example.fi", f"the code is {code}")] == [case.id]
        assert ch.expires_at - ch.created_at == timedelta(days=rt.settings.identity.challenge_days)


def test_several_pending_challenges_are_each_charged_for_every_wrong_code(rt) -> None:  # type: ignore[no-untyped-def]
    """D3 (issue 12): six open requests, six challenges to one address. Every wrong code counts
    against every challenge it was tested against, so after `max_code_attempts` wrong replies
    all six are locked and the right code of the oldest no longer verifies (it used to, after
    27 wrong ones)."""
    from sqlmodel import select

    from bot.cases.service import open_case
    from handlers.verification import start_challenge
    from models import Case, CaseStatus, RequestKind, VerificationChallenge
    from tests.cases.factories import deliver, raw_mail

    with rt.db.session() as s:
        p = add_person(s, "matti@example.fi")
        codes = []
        for _ in range(6):
            case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                             language="en", received_at=rt.clock.now(), person=p,
                             status=CaseStatus.AWAITING_VERIFICATION)
            codes.append(start_challenge(s, rt, [case], "matti@example.fi")[1])
    wrong = (f"{n:06d}" for n in range(100000, 999999) if f"{n:06d}" not in codes)
    limit = rt.settings.identity.max_code_attempts
    for i in range(limit):
        deliver(rt, raw_mail(frm="matti@example.fi", subject="Re: code", body=next(wrong)))
        with rt.db.session() as s:
            chs = s.exec(select(VerificationChallenge).order_by(VerificationChallenge.id)).all()
            assert [c.attempts for c in chs] == [i + 1] * 6
    assert {c.state for c in chs} == {"locked"}
    deliver(rt, raw_mail(frm="matti@example.fi", subject="Re: code", body=codes[0]))
    with rt.db.session() as s:
        assert {c.status for c in s.exec(select(Case)).all()} == {CaseStatus.AWAITING_VERIFICATION}
        assert all(c.attempts == limit for c in s.exec(select(VerificationChallenge)).all())


def test_the_right_code_of_an_older_challenge_verifies_it_and_charges_the_newer_one(rt) -> None:  # type: ignore[no-untyped-def]
    from bot.cases.service import open_case
    from handlers.verification import start_challenge, verify_code
    from models import CaseStatus, RequestKind, VerificationChallenge

    with rt.db.session() as s:
        p = add_person(s, "matti@example.fi")
        cases, codes = [], []
        for _ in range(2):
            case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                             language="en", received_at=rt.clock.now(), person=p,
                             status=CaseStatus.AWAITING_VERIFICATION)
            cases.append(case)
            codes.append(start_challenge(s, rt, [case], "matti@example.fi")[1])
        assert [c.id for c in verify_code(s, rt, "matti@example.fi", codes[0]) or []] == [cases[0].id]
        older, newer = (s.get(VerificationChallenge, c.challenge_id) for c in cases)
        assert (older.state, newer.state, newer.attempts) == ("verified", "pending", 1)
