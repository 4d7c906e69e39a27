"""Text helpers: HTML to readable text, and the new text of a reply (no quote, no signature)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_QUOTE_STARTS = [
    re.compile(r"^\s*>"),
    re.compile(r"^\s*On .{0,200} wrote:\s*$", re.I),
    re.compile(r"^.{0,200}(kirjoitti|skrev|schrieb|a écrit|escribió|kirjutas):\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*(Original Message|Alkuperäinen viesti|Ursprungligt meddelande)", re.I),
    re.compile(r"^\s*(From|Lähettäjä|Från|Von|De):\s.*$", re.I),
]
_SIGNATURE = re.compile(r"^-- ?$")


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    text = soup.get_text("\n")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def new_text_of(text: str) -> str:
    out: list[str] = []
    for line in text.splitlines():
        if _SIGNATURE.match(line) or any(p.match(line) for p in _QUOTE_STARTS):
            break
        out.append(line)
    return "\n".join(out).strip()
