"""Informal English: the rules alone (not the model) read everyday phrasings of each request kind,
and do not fire on a supplier's confirmation or on questions about someone else's data."""

from __future__ import annotations

import pytest

from tests.classify.rulekit import kinds_after_vetoes, rule_kinds


@pytest.mark.parametrize("text, kind", [
    ("Stop sending me these, I never signed up.", "unsubscribe"),
    ("Please don't call me again with sales pitches.", "unsubscribe"),
    ("No newsletters please.", "unsubscribe"),
    ("Put me on your do-not-call list and leave me alone.", "unsubscribe"),
    ("What do you know about me?", "access"),
    ("Please send me the information you hold about me.", "access"),
    ("Who gave you my number?", "access"),
    ("Do you have my data?", "access"),
    ("Please remove my phone number from your system.", "erasure"),
    ("Please get rid of my details.", "erasure"),
    ("Please fix my title, it is Head of IT now.", "correction"),
    ("Here is my new address for your files: Main Street 1.", "correction"),
    ("Please freeze my personal data until the dispute is over.", "restriction"),
    ("Keep my records but don't use my data for anything for now.", "restriction"),
    ("Could you send all my data in a file I can open in Excel?", "portability"),
    ("Please send my data to my new provider.", "portability"),
])
def test_informal_request(text: str, kind: str) -> None:
    assert kind in rule_kinds(text)


@pytest.mark.parametrize("text", [
    "As requested, we have removed you from our mailing list.",
    "One of our customers asked us to delete their data from the webshop. How do we do that?",
    "How do I unsubscribe a customer from our newsletter?",
    "The number of users in the offer is wrong, we have 18.",
    "Can you export our data from Teams to Google Drive?",
])
def test_not_a_request(text: str) -> None:
    assert rule_kinds(text) == set()


@pytest.mark.parametrize("text, kind", [
    ("I don't want you to have my details any more.", "erasure"),
    ("Remove me from your newsletter and from your database.", "erasure"),
    ("Please put my data on hold until the case is closed.", "restriction"),
    ("Please keep everything as it is until the dispute is settled.", "restriction"),
    ("Please preserve my records and do not process them until the court decides.", "restriction"),
    ("Could you send it to my new provider in a format they can import?", "portability"),
    ("I would also like a copy of what you hold.", "access"),
    ("What data have you used for your ads?", "access"),
    ("How long do you keep my data?", "access"),
    ("Please update: my surname is now Smith.", "correction"),
    ("The purchasing decisions are not mine, please correct my role.", "correction"),
    ("And don't call again, ever.", "unsubscribe"),
    ("Please update my company, I moved to a new job.", "correction"),
    ("The address you have for me is out of date.", "correction"),
    ("Could you transfer my data to my new provider?", "portability"),
])
def test_informal_request_round2(text: str, kind: str) -> None:
    assert kind in rule_kinds(text)


@pytest.mark.parametrize("text", [
    "I sent you an access request last month and got the answer, thanks. Is your office open on Friday?",
    "How do we export one person's data to JSON for a request we received?",
    "Can you move my OneDrive files to my manager and then remove my account?",
    "When a user deletes their profile the data still shows in the admin list.",
])
def test_not_a_request_round2(text: str) -> None:
    assert not kinds_after_vetoes(text)  # every rule hit is vetoed
