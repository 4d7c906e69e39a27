"""report.html in the requester's language throughout: config.toml's texts from its
`[register.fi]` / `[register.sv]` tables, column names and values as words ("annettu", "kyllä"),
"Ei tietoja." for an empty section, dates as 4.3.2026 in Helsinki time — no English, no raw codes."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from bs4 import BeautifulSoup

from bot.register.exporter import build_export
from bot.register.readable import cell
from bot.runtime import Runtime
from bot.runtime.config import ConfigError, load_settings
from tests.conftest import ROOT
from tests.register.factories import make_person

ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T|\s\d)")
ENGLISH = ["Status", "Purpose", "Withdrawn", "granted", "True", "False", "None", "Billing", "Started",
           "Ended", "Details", "Kind", "Product", "Price", "Amount", "Issued", "Subject", "Summary",
           "Attended", "Campaign", "Result", "Received", "Closed", "No data", "Generated", "UTC",
           "months", "Customer", "Contracts", "USA", "consent", "legal obligation", "Managing",
           "Office applications", "Name", "Phone"]


def _report(rt: Runtime, tmp_path, lang: str, **kw) -> str:
    with rt.db.session() as s:
        me = make_person(s, f"{lang}@example.fi", **kw)
        path, _ = build_export(s, rt, me, language=lang, reference="PR-2026-00001", dest_dir=tmp_path)
    html = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("report.html").decode()
    return BeautifulSoup(html, "html.parser").get_text(" ")


def test_the_finnish_report_has_no_english_and_no_raw_values(rt: Runtime, tmp_path) -> None:
    text = _report(rt, tmp_path, "fi")
    found = [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]
    assert found == [], found
    assert not ISO.search(text) and "{" not in text
    assert "annettu" in text and "kyllä" in text and "Ei tietoja." in text  # the suppression list is empty
    assert "4.3.2026 12.00" in text  # AT (10.00 UTC) in Helsinki time
    assert "Asiakassuhteiden hoitaminen ja kehittäminen" in text and "24 kuukautta" in text
    assert "Asiakkuudenhallinta ja markkinointisähköposti" in text and "Yhdysvallat" in text
    assert "Sähköposti" in text and "Tarkoitus" in text and "uutiskirje" in text


def test_the_swedish_report_takes_the_swedish_tables(rt: Runtime, tmp_path) -> None:
    text = _report(rt, tmp_path, "sv")
    assert "Hantering och utveckling av kundrelationer" in text and "givet" in text and "ja" in text
    assert "Inga uppgifter." in text and not ISO.search(text)
    assert "Kundhantering och e-postmarknadsföring" in text
    assert "USA" in text  # no Swedish country given: the default text stays


def test_english_keeps_the_default_texts(rt: Runtime, tmp_path) -> None:
    text = _report(rt, tmp_path, "en")
    assert "Managing and developing customer relationships" in text and "24 months" in text
    assert "granted" in text and "No data." in text


def test_values_as_words() -> None:
    tz = "Europe/Helsinki"
    assert cell(True, "attended", "fi", tz) == "kyllä" and cell(False, "primary", "sv", tz) == "nej"
    assert cell({}, "data", "fi", tz) == "\u2013" and cell(None, "x", "fi", tz) == "\u2013"
    assert cell("2026-08-19T20:56:04.318586+00:00", "at", "fi", tz) == "19.8.2026 23.56"
    assert cell("2026-08-19", "on", "fi", tz) == "19.8.2026"
    assert cell({"name": "Matti", "message": "Hei"}, "data", "fi", tz) == "Nimi: Matti; Viesti: Hei"
    assert cell("granted", "status", "fi", tz) == "annettu"
    assert cell("Matti's own words", "summary", "fi", tz) == "Matti's own words"


def test_a_per_language_table_is_optional_and_checked(tmp_path) -> None:
    base = (ROOT / "config.toml").read_text()
    old = tmp_path / "old.toml"  # a config.toml of before: no per-language tables
    old.write_text(re.sub(r"\n\[register\.(fi|sv)[^\n]*\n(?:(?!\n\[)[^\n]*\n?)*", "\n", base))
    s = load_settings(old, environ={})
    assert s.register.fi is None and s.register.texts("fi")["purposes"][0].startswith("Managing")
    bad = tmp_path / "bad.toml"
    bad.write_text(base + '\n[register.fi.processors."Nobody Oy"]\npurpose = "x"\n')
    with pytest.raises(ConfigError, match="Nobody Oy"):
        load_settings(bad, environ={})
