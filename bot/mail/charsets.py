"""Bytes to text for mail bodies and headers, whatever charset was declared (or wasn't).

A declared charset can be missing, unknown or wrong. We decode with it when it fits, and fall back
to UTF-8, then charset-normalizer's guess, then Windows-1252 (email-rules.md), never failing.
"""

from __future__ import annotations

import codecs
import email.header
import re

from charset_normalizer import from_bytes

# Single-byte charsets that decode any bytes without error, so a wrong label never shows as an
# error: UTF-8 text labelled with one of these is recognised by decoding strictly as UTF-8 first.
_SINGLE_BYTE = {"iso8859_1", "iso8859_15", "cp1252", "ascii", "iso8859_2", "cp1250", "cp1257",
                "iso8859_4", "iso8859_13"}
_GUESS_BYTES = 64 * 1024  # charset-normalizer reads a sample, not a 20 MB body
_GUESS_MIN = 200  # on shorter samples guesses are noise; Windows-1252 is the better bet
# The charsets our senders' mail actually comes in (fi/sv/en/de/fr/es/et and Russian speakers);
# without this list short Finnish text is "detected" as hp-roman8 or cp932.
_CANDIDATES = ["cp1252", "iso8859_15", "cp1250", "cp1257", "iso8859_13", "cp1251", "koi8_r",
               "iso8859_5"]
_CYRILLIC = {"cp1251", "koi8-r", "iso8859-5"}
_SURROGATE = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def codec_name(charset: str | None) -> str | None:
    """Python's codec name for a MIME charset label, or None if unknown."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    if label in ("unknown-8bit", "x-unknown", "8bit", "default", ""):
        return None
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode `data`; returns (text, note) where note says what was done when the label failed."""
    codec = codec_name(declared)
    if codec and codec.replace("-", "_") not in _SINGLE_BYTE:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong label: fall through to the guesses
    elif codec:
        if data.isascii():
            return data.decode("ascii"), None
        try:
            text = data.decode("utf-8")
            return text, f"charset {declared!r} was UTF-8"
        except UnicodeDecodeError:
            if codec != "ascii":
                return data.decode(codec, errors="replace"), None
    try:
        text = data.decode("utf-8")
        return text, (f"charset {declared!r} failed; decoded as UTF-8" if declared else None)
    except UnicodeDecodeError:
        pass
    why = f"charset {declared!r} failed" if declared else "no charset declared"
    guess = _guess(data)
    # Our senders write in Latin scripts: Windows-1252 reads fi/sv/en/de/fr/es/et correctly, and
    # the guesser confuses it with its Central-European cousins. Trust a guess only for Cyrillic.
    if guess not in _CYRILLIC:
        try:
            return data.decode("cp1252"), f"{why}; decoded as cp1252"
        except UnicodeDecodeError:
            pass
    if guess:
        return data.decode(guess, errors="replace"), f"{why}; decoded as {guess} (guessed)"
    return data.decode("cp1252", errors="replace"), f"{why}; decoded as cp1252"


def _guess(data: bytes) -> str | None:
    sample = data[:_GUESS_BYTES]
    if sum(b >= 0x80 for b in sample[:4096]) < 8 and len(sample) < _GUESS_MIN:
        return None
    try:
        best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    except Exception:  # a guesser's bug must not lose a message
        return None
    if best is None:
        return None
    return codec_name(best.encoding)


def decode_header_value(raw: str) -> str:
    """A header's raw value (8-bit bytes as surrogates, RFC 2047 words) as one clean line."""
    value = raw
    if has_surrogates(value):
        value, _ = decode_text(value.encode("ascii", "surrogateescape"))
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # a malformed encoded word: keep the raw text
        chunks = [(value, None)]
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            out.append(decode_text(chunk, charset)[0])
        else:
            out.append(chunk)
    return one_line("".join(out))


def one_line(value: str) -> str:
    """No CR, LF or other controls: a header value can never smuggle a header or a terminal code."""
    return " ".join(_CONTROL.sub(" ", value.replace("\r", " ").replace("\n", " ")).split())


def has_surrogates(s: str) -> bool:
    """8-bit bytes carried as surrogate escapes (the stdlib parser's way for non-ASCII headers)."""
    return not s.isascii() and _SURROGATE.search(s) is not None
