"""The light markup staff may use in the narrative sections, read the same way by the HTML
preview, the PDF and the Word file (never passed through as HTML):

* a line wrapped in ``**…**`` is a bold sub-heading (``**1. Ưu điểm**``);
* a line starting with ``- `` (or ``+ ``, ``• ``) is a bullet;
* ``*…*`` inside a line is italic; every other line is a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH, HEADING, BULLET = "p", "heading", "bullet"
HEADING_LINE = re.compile(r"^\*\*(.+?)\*\*$")
BULLET_LINE = re.compile(r"^[-+•–]\s+(.*)$")
ITALIC = re.compile(r"(?<!\*)\*([^*\n]+?)\*(?!\*)")


@dataclass(frozen=True)
class Run:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Block:
    kind: str  # PARAGRAPH, HEADING, BULLET
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def runs(line: str) -> tuple[Run, ...]:
    out, last = [], 0
    for match in ITALIC.finditer(line):
        if match.start() > last:
            out.append(Run(line[last : match.start()]))
        out.append(Run(match[1], italic=True))
        last = match.end()
    if last < len(line):
        out.append(Run(line[last:]))
    return tuple(out)


def blocks(text: str) -> tuple[Block, ...]:
    out = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if heading := HEADING_LINE.match(line):
            out.append(Block(HEADING, (Run(heading[1].strip()),)))
        elif bullet := BULLET_LINE.match(line):
            out.append(Block(BULLET, runs(bullet[1].strip())))
        else:
            out.append(Block(PARAGRAPH, runs(line)))
    return tuple(out)


BLANK = re.compile(r"\[[^\]]*\]")


def blanks(text: str) -> list[str]:
    """The scaffold's blanks still in ``text`` (``[Ban Chỉ đạo bổ sung]``)."""
    return BLANK.findall(text or "")
