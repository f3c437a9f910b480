"""Syntax colours for template text: Jinja tags, expressions, comments, strings and filters."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# Block states carried from one line to the next: inside a multi-line comment or tag.
_PLAIN, _COMMENT, _STATEMENT, _EXPRESSION = range(4)
_OPENERS = {"{#": _COMMENT, "{%": _STATEMENT, "{{": _EXPRESSION}
_CLOSERS = {_COMMENT: "#}", _STATEMENT: "%}", _EXPRESSION: "}}"}
_OPENING = re.compile(r"\{[#%{]")
# Inside a tag: strings, filter names after "|", keywords of statements.
_STRING = re.compile(r"""'[^'\n]*'?|"[^"\n]*"?""")
_FILTER = re.compile(r"\|\s*[A-Za-z_]\w*")
_KEYWORD = re.compile(
    r"\b(?:block|endblock|if|elif|else|endif|for|endfor|in|not|and|or|is|defined|set|endset"
    r"|macro|endmacro|call|endcall|filter|endfilter|with|endwith|true|false|none|loop)\b"
)


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(colour))
    if bold:
        text_format.setFontWeight(QFont.Weight.DemiBold)
    text_format.setFontItalic(italic)
    return text_format


class JinjaHighlighter(QSyntaxHighlighter):
    """Colours what Jinja reads so the message text stands apart from the template's logic."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = {
            _COMMENT: _format("#6a737d", italic=True),
            _STATEMENT: _format("#7b1fa2"),
            _EXPRESSION: _format("#0b57d0"),
        }
        self._keyword = _format("#7b1fa2", bold=True)
        self._string = _format("#0d652d")
        self._filter = _format("#b06000")

    def highlightBlock(self, text: str) -> None:
        state = max(self.previousBlockState(), _PLAIN)
        position = 0
        while position < len(text):
            if state == _PLAIN:
                found = _OPENING.search(text, position)
                if found is None:
                    break
                position, state = found.start(), _OPENERS[found.group()]
                start = position
                position += 2
            else:
                start = position
            end = text.find(_CLOSERS[state], position)
            stop = len(text) if end < 0 else end + 2
            self.setFormat(start, stop - start, self._formats[state])
            if state != _COMMENT:
                self._inside_tag(text, start, stop)
            position = stop
            if end >= 0:
                state = _PLAIN
        self.setCurrentBlockState(state)

    def _inside_tag(self, text: str, start: int, stop: int) -> None:
        part = text[start:stop]
        for pattern, text_format in (
            (_KEYWORD, self._keyword),
            (_FILTER, self._filter),
            (_STRING, self._string),
        ):
            for match in pattern.finditer(part):
                self.setFormat(start + match.start(), len(match.group()), text_format)
