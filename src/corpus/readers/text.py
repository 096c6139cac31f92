"""Reader for plain-text transcriptions in the seed's form.

    Leon Trotsky                      <- author line        (HEADING level 2, as MIA's <h2>)
    The Kremlin's Role in the War     <- title              (HEADING level 1, as MIA's <h1>)
    (June/August 1940)                <- more title lines   (HEADING level 3)
    Written: 17 June & 2 August 1940. <- labelled header lines (HEADER)
    ...body paragraphs, blank-line separated, sign-off lines kept as paragraphs...
    return return return              <- navigation (NAV)
    Last updated on: 22.4.2007

Only structure is decided here; `corpus.interpret` gives it meaning.
"""

from __future__ import annotations

import re

from corpus.blocks import NAVIGATION_LINE, SEPARATOR_LINE, Block, BlockKind, Page
from corpus.readers.decode import decode_text

_LABELLED = re.compile(r"^(?P<label>[A-Z][^:\n]{0,48}?)\s*:\s*(?P<value>.*)$")
_TITLE_LINE_MAX = 200
_BRACKETED = re.compile(r"^[(\[].*[)\]]\.?$")


def read_text_page(data: bytes, path: str) -> Page:
    """Turn a plain-text transcription into blocks."""
    decoded = decode_text(data)
    page = Page(path=path, raw_format="mia-text", encoding=decoded.encoding, replaced_chars=decoded.replaced)
    page.blocks = list(_blocks(_chunks(decoded.text)))
    return page


def _chunks(text: str) -> list[list[str]]:
    """Blank-line separated groups of stripped, whitespace-collapsed lines."""
    chunks: list[list[str]] = [[]]
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _blocks(chunks: list[list[str]]):
    in_head = True
    n_title_lines = 0
    for lines in chunks:
        joined = "\n".join(lines)
        if NAVIGATION_LINE.match(joined):
            yield Block(BlockKind.NAV, joined)
            continue
        if SEPARATOR_LINE.match(joined):
            yield Block(BlockKind.RULE, joined)
            continue
        if in_head and n_title_lines >= 2 and any(_LABELLED.match(line) for line in lines):
            # The header block: "Label: value" lines, with any unlabelled line among them kept as is.
            for line in lines:
                m = _LABELLED.match(line)
                yield Block(BlockKind.HEADER, m["value"] if m else line, label=m["label"] if m else None)
            continue
        if in_head and len(lines) == 1 and len(joined) <= _TITLE_LINE_MAX and (
            n_title_lines < 2 or _BRACKETED.match(joined)
        ):
            # The title lines: author, then title (MIA's h2, h1), then bracketed lines such as the
            # title date "(June/August 1940)" (MIA's h3). Any other line starts the text.
            level = (2, 1)[n_title_lines] if n_title_lines < 2 else 3
            n_title_lines += 1
            yield Block(BlockKind.HEADING, joined, level=level, hint="author" if level == 2 else None)
            continue
        in_head = False
        yield Block(BlockKind.PARAGRAPH, joined)
