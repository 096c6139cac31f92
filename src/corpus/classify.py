"""Is a page a document (a work's text) or furniture (index, contents, navigation, moved)?

Decided from the blocks alone, so it works the same for both formats: readers mark
blocks that are mostly links with hint "links"; the text form never has any.
"""

from __future__ import annotations

import re

from corpus.blocks import BlockKind, Page
from corpus.rejects import NotADocument, SkipReason

_MOVED = re.compile(
    r"no longer (?:available|exists|here|at this)|has (?:been )?moved|been relocated|"
    r"page (?:was )?not found|file not found|has been removed|now (?:located|found|available) at",
    re.I,
)
_MOVED_MAX_CHARS = 2500  # a moved-page notice is short; a long text that mentions moving is not one
_LINK_SHARE = 0.6  # share of the running text that sits in link lists
_PROSE_WORDS = 250  # this much prose outside link lists makes a page a document whatever its links


def classify_page(page: Page) -> None:
    """Raise `NotADocument` with its reason when the page is not a document."""
    prose = link = 0
    for block in page.blocks:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.NOTE):
            continue
        words = len(block.text.split())
        if block.hint == "links":
            link += words
        elif block.kind is not BlockKind.HEADING:
            prose += words
    text_chars = sum(len(b.text) for b in page.blocks if b.kind is not BlockKind.NAV)
    if text_chars < _MOVED_MAX_CHARS and any(_MOVED.search(b.text) for b in page.blocks):
        raise NotADocument(SkipReason.moved, "a notice that the page moved or is no longer available")
    if link and prose < _PROSE_WORDS and link >= _LINK_SHARE * (link + prose):
        is_index = page.path.rsplit("/", 1)[-1].lower().startswith(("index", "default"))
        reason = SkipReason.index if is_index else SkipReason.toc
        raise NotADocument(reason, f"{link} words in link lists against {prose} words of prose")
