"""Is a page a document (a work's text) or furniture (index, contents, navigation, moved)?

Decided from the blocks alone, so it works the same for both formats: readers mark
blocks that are mostly links with hint "links"; the text form never has any.
"""

from __future__ import annotations

import re

from corpus.blocks import BlockKind, Page
from corpus.rejects import NotADocument, SkipReason
from corpus.words import count_words

_MOVED = re.compile(
    r"no longer (?:available|exists|here|at this)|has (?:been )?moved|been relocated|"
    r"page (?:was )?not found|file not found|has been removed|now (?:located|found|available) at",
    re.IGNORECASE,
)
_MOVED_MAX_CHARS = 2500  # a moved-page notice is short; a long text that mentions moving is not one
_MOVED_NOTICE_CHARS = 200  # and says so in a short line, not amid a paragraph ("… Comrade Zinoviev has moved.")
_LINK_SHARE = 0.6  # share of the running text that sits in link lists
ENTRY_HINTS = {"links", "index", "indexb", "toc"}  # readers' hints for entries of a contents list
_PROSE_PARAGRAPH_WORDS = 12
_LIST_ENTRIES = 8
_PROSE_WORDS = 250
_INDEX_ENTRIES = 4  # an index.htm with this many contents entries...
_INDEX_PROSE_WORDS = 400  # ...and less prose than this is a table of contents
# This much prose outside link lists makes a page a document whatever its links: counting stops.
_ENOUGH_PROSE = max(_PROSE_WORDS, _INDEX_PROSE_WORDS)


def _text_shorter_than(page: Page, limit: int) -> bool:
    """Fewer than `limit` characters outside navigation; counting stops at the limit."""
    total = 0
    for block in page.blocks:
        if block.kind is not BlockKind.NAV:
            total += len(block.text)
            if total >= limit:
                return False
    return True


def classify_page(page: Page) -> None:
    """Raise `NotADocument` with its reason when the page is not a document."""
    entries = link_words = prose = 0
    for block in page.blocks:
        if block.kind is BlockKind.NAV:
            lines = block.text.count("\n") + 1
            entries += lines if lines >= 2 else 0  # a contents list set as one link block
        elif block.kind not in (BlockKind.PARAGRAPH, BlockKind.NOTE):
            continue
        elif block.hint in ENTRY_HINTS:
            entries += 1
            link_words += count_words(block.text)
        elif (words := count_words(block.text)) >= _PROSE_PARAGRAPH_WORDS:
            prose += words  # ("April 1879:" beside a link is part of the list, not prose)
            if prose >= _ENOUGH_PROSE:
                break  # neither rule below can hold any more
    if _text_shorter_than(page, _MOVED_MAX_CHARS) and any(len(b.text) <= _MOVED_NOTICE_CHARS and _MOVED.search(b.text)
                                                          for b in page.blocks):
        raise NotADocument(SkipReason.moved, "a notice that the page moved or is no longer available")
    is_index = page.path.rsplit("/", 1)[-1].lower().startswith(("index", "default"))
    reason = SkipReason.index if is_index else SkipReason.toc
    if is_index and entries >= _INDEX_ENTRIES and prose < _INDEX_PROSE_WORDS:
        # An index page, perhaps with a short introduction above its list of contents.
        raise NotADocument(reason, f"{entries} contents entries against {prose} words of prose")
    if prose < _PROSE_WORDS and (entries >= _LIST_ENTRIES or link_words and link_words >= _LINK_SHARE * (link_words + prose)):
        raise NotADocument(reason, f"{entries} contents entries against {prose} words of prose")
