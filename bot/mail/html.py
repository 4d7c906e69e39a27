"""HTML mail to readable text: what a person sees, not what a browser runs.

Scripts, styles and hidden head content are dropped; block elements become line breaks while
inline markup stays within its sentence; <blockquote> content comes out as "> " lines, so the
quote detection of plain-text mail works on HTML-only replies too. A streaming parser (stdlib
html.parser events, no tree): linear time and no recursion, whatever the nesting.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

MAX_HTML_CHARS = 1_000_000  # beyond this the rest is cut (the message is flagged by the caller)

_DROP = {"script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe",
         "xml"}
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "ul",
          "ol", "pre", "section", "article", "header", "footer", "address", "dd", "dt", "center",
          "form", "fieldset", "body", "html", "blockquote", "tbody", "thead", "dl"}
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b\u200c\ufeff]+")


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = [(0, "")]  # (quote depth at line start, text)
        self.skip: list[str] = []
        self.quote = 0
        self.pre = 0

    def _newline(self) -> None:
        if self.lines[-1][1]:
            self.lines.append((self.quote, ""))
        else:
            self.lines[-1] = (self.quote, "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skip.clear()  # an unclosed <head> or <title> must not hide the body
        if tag in _DROP:
            self.skip.append(tag)
            return
        if tag == "blockquote":
            self._newline()
            self.quote += 1
            self._newline()
        elif tag == "br" or tag in _BLOCK:
            self._newline()
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROP:
            self.handle_starttag(tag, attrs)
            if tag not in ("br", "hr"):
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == "blockquote":
            self._newline()
            self.quote = max(0, self.quote - 1)
            self._newline()
        elif tag in _BLOCK:
            self._newline()
        elif tag in ("td", "th"):
            self._append(" ")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self._append(first)
            for line in rest:
                self._newline()
                self._append(line)
        else:
            self._append(_SPACES.sub(" ", data))

    def _append(self, text: str) -> None:
        depth, line = self.lines[-1]
        self.lines[-1] = (depth, line + text)


def html_to_text(html: str) -> str:
    w = _TextWriter()
    with contextlib.suppress(Exception):  # html.parser is lenient; if it gives up, keep what it read
        w.feed(html[:MAX_HTML_CHARS])
        w.close()
    out: list[str] = []
    for depth, line in w.lines:
        line = " ".join(line.split())
        if line:
            out.append("> " * depth + line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip()
