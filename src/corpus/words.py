"""Counting words: runs of characters that are not white space, as `len(text.split())` counts them.

`count_words` is the compiled `corpus._words` when the install built it, else this module's
Python one; tests hold the two to the same counts.
"""

from __future__ import annotations

from pathlib import Path

from corpus.compiled import current_extension


def python_count_words(text: str) -> int:
    """The number of words in `text`: len(text.split())."""
    return len(text.split())


_words = current_extension("corpus._words", Path(__file__).with_name("_words.pyx"))
COMPILED = _words is not None
count_words = _words.count_words if _words is not None else python_count_words
