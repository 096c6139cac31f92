"""A document's paragraphs: the rows of the `paragraphs` config.

Paragraphs are the document's text split on blank lines. A build's workers compute what the
split needs (`paragraph_columns`: word counts, sections) and send the text over once; the
writing process splits it into Arrow columns in C++ (`paragraph_table`), many documents at a
time. Built from Python lists instead, each of the sample's 330,000 paragraphs was made a
string, encoded, pickled, unpickled and converted on its own: about 1.2 of a build's 18 CPU s.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from corpus.words import count_words, paragraph_word_counts

SEPARATOR = "\n\n"


@dataclass(slots=True)
class Paragraphs:
    """A document's paragraphs, as the writer takes them."""

    text: str | bytes
    """The paragraphs joined by blank lines (UTF-8 bytes on their way to the writer): the
    document's own text, unless some of its parts had white space to trim."""
    n_words: array
    """Words in each paragraph, as `count_words` counts them (array of C int)."""
    sections: list[int | None] | None = None
    """Index of the section holding each paragraph; None when the document has no sections."""


def paragraph_columns(document: dict) -> Paragraphs:
    """The document's text split on blank lines, each part stripped and empty ones dropped, with
    word counts and sections. Pure, so the build's workers compute it, not the process that writes."""
    text = document["text"]
    counts = paragraph_word_counts(text)  # one pass, no strings made
    if counts is not None:  # the common case: every blank-line part is a paragraph as it stands
        joined, n_words = text, array("i", counts)
    else:
        texts = [paragraph for chunk in text.split(SEPARATOR) if (paragraph := chunk.strip())]
        joined = SEPARATOR.join(texts)  # splits back into `texts`: no part holds a blank line
        n_words = array("i", map(count_words, texts))
    return Paragraphs(joined, n_words, _sections_of(document))


def _sections_of(document: dict) -> list[int | None] | None:
    """For each paragraph (non-blank part of the text), the index of the section holding it."""
    text = document["text"]
    spans, cursor = [], 0
    for index, section in enumerate(document["sections"]):
        start = text.find(section["text"], cursor)
        if start < 0:
            start = text.find(section["text"])
        if start >= 0:
            spans.append((start, start + len(section["text"]), index))
            cursor = start + len(section["text"])
    if not spans:  # most documents: no dated sections
        return None
    sections, offset = [], 0
    for chunk in text.split(SEPARATOR):
        if chunk.strip():
            at = offset + len(chunk) - len(chunk.lstrip())  # where the paragraph starts
            sections.append(next((index for start, end, index in spans if start <= at < end), None))
        offset += len(chunk) + len(SEPARATOR)
    return sections


def paragraph_table(document_ids: list[str], paragraphs: list[Paragraphs], schema: pa.Schema) -> pa.Table:
    """The paragraphs config's rows for these documents, in order, as a table of `schema`."""
    counts = np.array([len(p.n_words) for p in paragraphs], dtype=np.int64)
    with_text = counts > 0  # a document without paragraphs adds no row ("" would split into one)
    joined = pa.array([p.text for p, keep in zip(paragraphs, with_text) if keep], pa.string())
    parts = pc.split_pattern(joined, SEPARATOR)
    if not np.array_equal(pc.list_value_length(parts).to_numpy(), counts[with_text]):
        raise ValueError("paragraph texts and word counts disagree")  # a bug, not bad input
    text = parts.flatten()
    total = len(text)
    ids = pa.array(document_ids, pa.string()).take(pa.array(np.repeat(np.arange(len(counts)), counts)))
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    position = pa.array((np.arange(total, dtype=np.int64) - starts).astype(np.int32))
    words = array("i")
    for p in paragraphs:
        words.extend(p.n_words)
    if all(p.sections is None for p in paragraphs):
        section = pa.nulls(total, pa.int32())
    else:
        section = pa.array([s for p in paragraphs for s in (p.sections or [None] * len(p.n_words))], pa.int32())
    columns = {"document_id": ids, "position": position, "section": section, "text": text,
               "n_words": pa.array(np.frombuffer(words, dtype=np.intc).astype(np.int32, copy=False))}
    return pa.Table.from_arrays([columns[name] for name in schema.names], schema=schema)


def paragraph_rows(document: dict) -> dict[str, list]:
    """One document's paragraphs config rows, as Python columns (for a look at them, and tests)."""
    from corpus.writer import schema_with_features

    return paragraph_table([document["id"]], [paragraph_columns(document)],
                           schema_with_features("paragraphs")).to_pydict()
