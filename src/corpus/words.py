"""Counting words: runs of characters that are not white space, as `len(text.split())` counts them.

`count_words` and `paragraph_word_counts` are the compiled `corpus._words` when the install built
it, else this module's Python ones; tests hold the two to the same counts.
"""

from __future__ import annotations

from pathlib import Path

from corpus.compiled import current_extension


def python_count_words(text: str) -> int:
    """The number of words in `text`: len(text.split())."""
    return len(text.split())


def python_paragraph_word_counts(text: str) -> list[int] | None:
    """The words of each part of text.split("\\n\\n"), or None when a part is empty or has white
    space at either end (the parts are then not paragraphs as they stand)."""
    parts = text.split("\n\n")
    if any(not part or part[0].isspace() or part[-1].isspace() for part in parts):
        return None
    return [len(part.split()) for part in parts]


_words = current_extension("corpus._words", Path(__file__).with_name("_words.pyx"))
COMPILED = _words is not None
count_words = _words.count_words if _words is not None else python_count_words
paragraph_word_counts = _words.paragraph_word_counts if _words is not None else python_paragraph_word_counts
