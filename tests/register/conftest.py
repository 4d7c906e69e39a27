"""Register tests build many exports: the PDF (headless Chromium, ~1-2 s each) is made only in
the tests that ask for it with the `with_pdf` marker."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_pdf_unless_asked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("with_pdf") is None:
        monkeypatch.setattr("bot.register.exporter.find_browser", lambda _configured: None)
