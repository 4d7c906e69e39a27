"""What of a parsed message the classifier reads: the new text, plus the content of a forward.

A reply's subject ("Re: Tietopyyntö") repeats the older message, so it is not read as a request.
A forwarded message is not history: what the forwarder brings us is the request (email-rules.md),
so when the parser's new text stops at the forwarded block, its content is added back here.
"""

from __future__ import annotations

import re

_REPLY_SUBJECT = re.compile(r"^\s*(re|sv|vs|aw|antw|r|rif|odp|ynt)\s*(\[\d+\])?\s*:", re.I)
_FORWARD_MARK = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|original message|välitetty viesti|edelleenlähetetty viesti|"
    r"vidarebefordrat meddelande|weitergeleitete nachricht|message transféré|mensaje reenviado|"
    r"edastatud kiri)\s*-*|begin forwarded message:|alkuperäinen viesti\s*-*)\s*$", re.I)
_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|vl|vb|wg|tr|rv|enc|doorst)\s*:", re.I)
_HEADER_LINE = re.compile(
    r"^\s*(from|to|cc|date|sent|subject|lähettäjä|vastaanottaja|päivämäärä|lähetetty|aihe|"
    r"från|till|datum|skickat|ämne|von|an|gesendet|betreff|de|à|envoyé|objet|para|enviado|asunto|"
    r"saatja|saaja|kuupäev|teema)\s*:", re.I)


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_SUBJECT.match(subject or ""))


def forwarded_content(text: str) -> str:
    """The body of the first forwarded message in `text` ("" when there is none)."""
    lines = (text or "").splitlines()
    for i, line in enumerate(lines):
        if _FORWARD_MARK.match(line):
            j = i + 1
            while j < len(lines) and (_HEADER_LINE.match(lines[j]) or not lines[j].strip()):
                j += 1
            return "\n".join(lines[j:]).strip()
    return ""


def classified_text(subject: str, text: str, new_text: str) -> tuple[str, str]:
    """(subject, body) the classifier reads for a parsed message."""
    body = new_text or ""
    if _FORWARD_SUBJECT.match(subject or "") or not body:
        fwd = forwarded_content(text)
        if fwd and fwd[:200] not in body:
            body = f"{body}\n{fwd}" if body else fwd
    return ("" if is_reply_subject(subject) and body.strip() else subject), body
