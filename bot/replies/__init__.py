"""Reply texts: jinja2 templates per purpose and language (fi, sv, en), rendered to text + HTML.

Pure: `render(template, language, **context)` reads `templates/<language>/<template>.txt` (its
`{% set subject = ... %}` is the subject) and `<template>.html` when present; otherwise the HTML
part is the text, escaped, in a small layout. Any language other than fi/sv/en gets English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGUAGES = ("fi", "sv", "en")
PURPOSES = ("acknowledgement", "neutral", "verified", "code_wrong", "extension", "expiry",
            "rejection", "not_request")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


@dataclass(frozen=True)
class RenderedReply:
    subject: str
    text: str
    html: str


def reply_language(language: str | None) -> str:
    lang = (language or "").lower()[:2]
    return lang if lang in LANGUAGES else "en"


def format_date(d: date, language: str) -> str:
    """How each language writes a date in a letter: 7.4.2026 (fi, sv), 7 April 2026 (en)."""
    if language == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.day}.{d.month}.{d.year}"


def _text_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,  # noqa: S701 - plain text
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


def _html_env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


_TEXT = _text_env()
_HTML = _html_env()
_URL = re.compile(r"https?://[^\s<>\"]+")


def text_to_html(text: str, *, lang: str, title: str) -> str:
    """Escaped paragraphs with clickable links (the HTML part when a purpose has no .html)."""
    paras = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paras.append(Markup(linked.replace("\n", "<br>\n")))  # noqa: S704 - escaped above
    return _HTML.get_template("layout.html").render(lang=lang, title=title, paragraphs=paras)


def render(template: str, language: str, **context: Any) -> RenderedReply:
    lang = reply_language(language)
    ctx = {"lang": lang, "fmt_date": lambda d: format_date(d, lang), **context}
    module = _TEXT.get_template(f"{lang}/{template}.txt").make_module(ctx)
    subject = " ".join(str(getattr(module, "subject", "")).split())
    text = re.sub(r"\n{3,}", "\n\n", str(module)).strip() + "\n"
    if context.get("status_url") and str(context["status_url"]) not in text:
        text += "\n" + _status_paragraph(lang, str(context["status_url"]), context.get("status_expires"))
    html_path = TEMPLATES / lang / f"{template}.html"
    if html_path.exists():
        html = _HTML.get_template(f"{lang}/{template}.html").render(ctx)
    else:
        html = text_to_html(text, lang=lang, title=subject)
    return RenderedReply(subject=subject, text=text, html=html)


_STATUS_TEXT = {
    "fi": "Pyyntösi tilan näet ja seuraavan vaiheen löydät täältä: {url}\n"
          "Sivulla voit myös perua pyynnön tai lähettää meille viestin.{until}",
    "sv": "Här ser du hur din begäran går och vad som händer härnäst: {url}\n"
          "På sidan kan du också återkalla begäran eller skicka oss ett meddelande.{until}",
    "en": "See where your request stands and what comes next: {url}\n"
          "On that page you can also withdraw the request or send us a message.{until}",
}
_UNTIL = {"fi": " Linkki on voimassa {d} asti.", "sv": " Länken gäller till {d}.",
          "en": " The link is valid until {d}."}


def _status_paragraph(lang: str, url: str, expires: Any) -> str:
    """The status page's paragraph at the end of every letter about a case (issue 15)."""
    until = _UNTIL[lang].format(d=format_date(expires, lang)) if isinstance(expires, date) else ""
    return "\n" + _STATUS_TEXT[lang].format(url=url, until=until) + "\n"
