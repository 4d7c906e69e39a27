# ruff: noqa: RUF002  (the letters the regex engine folds beyond lowercase are the point)
"""Cheap exact pre-checks for big regexes: a plain substring test that must hold for the regex to
match, so most text skips the regex (whose many case-insensitive alternatives are tried at every
position of the text).

`may_match(pattern)` reads the parsed pattern and picks, for every alternative, a run of literal
characters the alternative must match ("complaint" in "complaint", "datenschutz" in
"datenschutz-?grundverordnung"). The pre-check searches those literals in the text; when none is
there the regex cannot match. With re.IGNORECASE both sides are compared in the regex engine's own
case classes (its simple lowercase, and the few letters it matches beyond that: "ſ" for "s", "ı"
for "i", "ς" for "σ", ...), so the pre-check never says no where the regex would say yes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

try:  # the regex engine's internals (CPython 3.11+)
    from re import _casefix as _casefix_mod  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _parser  # type: ignore[attr-defined]
    _EXTRA_CASES: dict[int, tuple[int, ...]] = _casefix_mod._EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: no pre-check, the regex alone decides
    _parser = None
    _EXTRA_CASES = {}


def _fix_map() -> dict[int, int]:
    """Every letter the engine folds beyond simple lowercase, to the smallest of its class."""
    classes: dict[int, set[int]] = {}
    for lo, extra in _EXTRA_CASES.items():
        members = {lo, *extra}
        for m in list(members):
            members |= classes.get(m, set())
        for m in members:
            classes[m] = members
    out = {m: min(ms) for m, ms in classes.items() if min(ms) != m}
    out[0x130] = ord("i")  # "İ": str.lower() gives "i" + a combining dot, the engine plain "i"
    return out


_FIX = _fix_map()
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FIX)) + "]")
_last = ("", "")  # the last text and its key: one message is checked against several regexes


def case_key(text: str) -> str:
    """`text` in the regex engine's case classes (for IGNORECASE pre-checks). ASCII text: lower()."""
    global _last
    last = _last  # one tuple, replaced whole: safe across threads
    if text is last[0]:
        return last[1]
    key = (text.replace("\u0130", "i") if "\u0130" in text else text).lower()
    if not key.isascii() and _SPECIAL.search(key):
        key = key.translate(_FIX)
    _last = (text, key)
    return key


def _required(items: list, ignorecase: bool) -> list[str] | None:
    """Literal strings, one of which any match of this sequence contains, or None."""
    options: list[list[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(["".join(run)])
            run = []
        sub: list[str] | None = None
        if op is _c.BRANCH:
            alts = [_required(list(alt), ignorecase) for alt in av[1]]
            if all(alts):
                sub = [s for alt in alts for s in alt or ()]
        elif op is _c.SUBPATTERN:
            _group, add, remove, body = av
            if not add and not remove:
                sub = _required(list(body), ignorecase)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _required(list(av[2]), ignorecase)
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            sub = [chr(v) for _, v in av]
        if sub:
            options.append(sub)
    if run:
        options.append(["".join(run)])
    if not options:
        return None
    return max(options, key=lambda o: min(len(s) for s in o))


def may_match(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A function of the text that is False only when `pattern.search(text)` finds nothing."""
    if _parser is None or pattern.flags & (re.LOCALE | re.VERBOSE):
        return lambda _text: True
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    found = _required(list(_parser.parse(pattern.pattern, pattern.flags)), ignorecase)
    if not found:
        return lambda _text: True
    keys = sorted({case_key(s) if ignorecase else s for s in found}, key=len)
    # A literal that contains another one adds nothing.
    keys = [k for i, k in enumerate(keys) if not any(o in k for o in keys[:i])]
    literals = tuple(keys)  # `in` per literal beats one alternation regex over them
    if ignorecase:
        return lambda text: any(map(case_key(text).__contains__, literals))
    return lambda text: any(map(text.__contains__, literals))
