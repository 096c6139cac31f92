"""Plausibility checks on a document's dates, reported as build warnings (never silently kept).

A date the page states but we cannot read, or a date that contradicts the page's other
dates, is not dropped or "fixed": the record keeps what was read, and the build report
says what looks wrong, by id.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from importlib import resources

from corpus import dates
from corpus.headers import HeaderField
from corpus.model import Document

EARLIEST = dt.date(1700, 1, 1)  # the archive's oldest texts are 18th-century
_YOUNGEST_WRITER = 12  # a text dated before its author was 12 is more likely a misread date
_HAS_DATE_WORDS = re.compile(r"\d{3,4}|\b\d{1,2}\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_STATED = (HeaderField.written, HeaderField.delivered)


def date_statements(values: dict[HeaderField, list[str]], title_date: str | None) -> list[str]:
    """The date strings a page states: Written/Delivered header values and its title date."""
    found = [v for field in _STATED for v in values.get(field, []) if _HAS_DATE_WORDS.search(v)]
    return found + ([title_date] if title_date else [])


def date_warnings(doc: Document, values: dict[HeaderField, list[str]]) -> list[str]:
    warnings = []
    if doc.date is None:
        return warnings
    life = author_life(doc.author)
    if life is not None and doc.date.basis != "published":
        born, died = life
        if doc.date.start.year > died:
            warnings.append(f"date {doc.date.edtf} ({doc.date.basis}) is after {doc.author} died in {died}")
        elif doc.date.end.year < born + _YOUNGEST_WRITER:
            warnings.append(f"date {doc.date.edtf} ({doc.date.basis}) is before {doc.author} (born {born}) "
                            f"was {_YOUNGEST_WRITER}")
    today = dt.date.today()
    if doc.date.start < EARLIEST or doc.date.end > today:
        warnings.append(f"date {doc.date.edtf} ({doc.date.raw!r}) is outside {EARLIEST.year}..{today.year}")
    published = _first_published(values)
    if published is not None and doc.date.basis != "published" and doc.date.start > published.end:
        warnings.append(
            f"date {doc.date.edtf} ({doc.date.basis}) is after the first publication {published.edtf}"
        )
    for section in doc.sections:
        if section.date is not None and abs((section.date.start - doc.date.start).days) > 5 * 366:
            warnings.append(f"sign-off date {section.date.edtf} is years away from {doc.date.edtf}")
            break
    return warnings


def author_life(author: str) -> tuple[int, int] | None:
    """(born, died) of an author in the shipped table `data/authors.csv`, by name or alias."""
    return _lives().get(_name_key(author))


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


@functools.cache
def _lives() -> dict[str, tuple[int, int]]:
    table = resources.files("corpus").joinpath("data/authors.csv").read_text(encoding="utf-8")
    lives = {}
    for row in csv.DictReader(io.StringIO(table)):
        life = (int(row["born"]), int(row["died"]))
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            lives[_name_key(name)] = life
    return lives


def _first_published(values: dict[HeaderField, list[str]]) -> dates.ParsedDate | None:
    for raw in values.get(HeaderField.first_published, []):
        if parsed := dates.find_date(raw):
            return parsed
    return None
