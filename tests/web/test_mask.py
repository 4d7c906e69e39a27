"""The unsubscribe page shows enough of the address for its owner, not for whoever got the link."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.web.unsubscribe import mask_address


def test_examples():
    assert mask_address("matti.meikalainen@example.fi") == "ma***n@example.fi"
    assert mask_address("anna@example.se") == "a***a@example.se"
    assert mask_address("jo@x.fi") == "j***@x.fi"


@given(st.text(min_size=1, max_size=40).filter(lambda t: "@" not in t), st.sampled_from(["a.fi", "b.se"]))
def test_never_shows_more_than_three_characters_of_the_local_part(local, domain):
    masked = mask_address(f"{local}@{domain}")
    shown = masked.split("***")[0] + masked.split("***")[1].split("@")[0]
    assert len(shown) <= 3 and masked.endswith("@" + domain)
    if len(local) > 3:
        assert local not in masked
