"""The intermediate form every reader produces and the interpreter consumes.

A reader (plain text or HTML) knows the *structure* of a page: which lines are
headings, which are paragraphs, which are obviously navigation.  It does not
know what they *mean*.  It turns a page into a flat list of `Block`s; the one
interpreter (`corpus.interpret`) gives them meaning for both formats, so no
rule about authors, dates, headers or sign-offs is written twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is, structurally."""

    HEADING = "heading"  # a heading line; `level` 1..6 (h1..h6, or the text form's title lines)
    HEADER = "header"  # one line of the page's header block (`label` as written, or None for prose)
    PARAGRAPH = "paragraph"  # running text: a paragraph, list item, quotation or table cell
    NOTE = "note"  # a footnote / endnote; `label` is its marker ("1", "*") when known
    NAV = "nav"  # navigation: link bars, "Top of page", return images, "Last updated"
    RULE = "rule"  # a separator: <hr>, "* * *"


@dataclass(slots=True)
class Block:
    """One structural unit of a page, text already whitespace-normalised.

    `text` keeps hard line breaks (<br>, single newlines in the text form) as "\\n".
    `hint` carries a markup hint the reader saw but does not interpret:
    a CSS class ("date", "information", "fst", "quoteb", "updat", "title"...),
    "right" for right-aligned text, "blockquote", "small", "em" (whole block italic).
    """

    kind: BlockKind
    text: str
    level: int = 0
    label: str | None = None
    hint: str | None = None


@dataclass(slots=True)
class Page:
    """A page as a reader sees it: blocks plus the page-level metadata it found."""

    path: str  # path under the raw folder, '/'-separated
    raw_format: str  # "mia-text" or "mia-html"
    blocks: list[Block] = field(default_factory=list)
    html_title: str | None = None  # <title>, for HTML
    meta: dict[str, str] = field(default_factory=dict)  # <meta name=... content=...> (lower-case names)
    lang: str | None = None  # <html lang>, for HTML
    encoding: str | None = None  # the charset the bytes were decoded with
    replaced_chars: int = 0  # U+FFFD introduced by decoding (0 for a clean decode)


# Whole lines that are navigation in any format: the archive's footers and link bars.
NAVIGATION_LINE = re.compile(
    r"^(?:(?:return|top of (?:the )?page|top|next|previous|back|contents|index|home)\W*)+$"
    r"|^last updated\b|^(?:MIA|marxists internet archive|marxists\.org)\s*(?:>|:|»|\|)"
    r"|^(?:next|previous|prev)\s+(?:section|chapter|part|page|article)\b.{0,60}$"
    r"|^table of contents\W*$",
    re.IGNORECASE,
)

# A line of separator marks ("* * *", "-----", "•"): a rule in any format, never text.
SEPARATOR_LINE = re.compile(r"^[\s*·•_=~-]+$")
