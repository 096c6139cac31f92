"""Date plausibility warnings: a date is kept as read, but what contradicts the page is reported."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from corpus.checks import author_life, date_warnings
from corpus.headers import HeaderField
from corpus.interpret import interpret_page
from corpus.readers.text import read_text_page

SEED = """Leon Trotsky

A Test

Written: {written}
First Published: Fourth International, October 1940.

The text of the test, long enough to be a paragraph of prose for the reader to take.
"""


def reading(written: str):
    data = SEED.format(written=written).encode()
    return interpret_page(read_text_page(data, "test.txt"), sha256=hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize(("name", "life"), [
    ("Leon Trotsky", (1879, 1940)), ("L. Trotsky", (1879, 1940)), ("V.I. Lenin", (1870, 1924)),
    ("J.R. Johnson", (1901, 1989)), ("Frederick Engels", (1820, 1895)), ("Nobody Known", None),
    # pen names resolve to the writer's life
    ("Ernest Germain", (1923, 1995)), ("William F. Warde", (1905, 1992)), ("Li Fu-jen", (1901, 1988)),
    ("Harry Frankel", (1920, 1976)), ("Louis C. Fraina", (1892, 1953)), ("Raya Dunayevskaya", (1910, 1987)),
])
def test_author_lives(name, life):
    assert author_life(name) == life


def test_a_plausible_date_raises_nothing():
    r = reading("17 June 1940")
    assert r.document.date.start == dt.date(1940, 6, 17) and r.warnings == []
    assert r.date_strings == 1 and r.unparsed_dates == []


def test_a_date_after_the_authors_death_is_reported_not_dropped():
    r = reading("17 June 1948")
    assert r.document.date.start.year == 1948
    assert any("died in 1940" in w for w in r.warnings)


def test_a_date_before_the_author_could_write_is_reported():
    assert any("born 1879" in w for w in reading("June 1880").warnings)


def test_a_written_date_after_first_publication_is_reported():
    r = reading("17 June 1939")
    assert r.warnings == []
    doc = r.document.model_copy(update={"author": "Unknown Author"})
    later = doc.date.model_copy(update={"start": dt.date(1941, 1, 1), "end": dt.date(1941, 1, 1),
                                        "edtf": "1941-01-01"})
    warnings = date_warnings(doc.model_copy(update={"date": later}),
                             {HeaderField.first_published: ["Fourth International, October 1940."]})
    assert any("after the first publication" in w for w in warnings)


def test_author_table_rows_are_sane():
    from importlib import resources
    import csv
    rows = list(csv.DictReader(resources.files("corpus").joinpath("data/authors.csv").read_text("utf-8").splitlines()))
    assert len(rows) >= 100
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "an author listed twice"
    for row in rows:
        assert 1700 <= int(row["born"]) < int(row["died"]) <= 2026, row
        assert int(row["died"]) - int(row["born"]) <= 105, row
