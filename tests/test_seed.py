"""The seed transcription gives exactly the document issue #2 describes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from conftest import REPO

from corpus.interpret import interpret
from corpus.readers.text import read_text_page

SEED = "000_5aa7ca4ddedc42f0.txt"


@pytest.fixture(scope="module")
def seed():
    data = (REPO / "raw" / SEED).read_bytes()
    return interpret(read_text_page(data, SEED), sha256=hashlib.sha256(data).hexdigest())


def test_identity(seed):
    assert seed.id == SEED
    assert seed.author == "Leon Trotsky"
    assert seed.title == "The Kremlin’s Role in the War"
    assert seed.language == "en"
    assert seed.provenance.raw_format == "mia-text"
    assert seed.provenance.raw_sha256 == hashlib.sha256((REPO / "raw" / SEED).read_bytes()).hexdigest()


def test_date(seed):
    date = seed.date
    assert date.start == dt.date(1940, 6, 17) and date.end == dt.date(1940, 8, 2)
    assert date.edtf in ("{1940-06-17,1940-08-02}", "1940-06-17/1940-08-02")
    assert date.basis == "written"
    assert "17 June & 2 August 1940" in date.raw
    assert date.precision == "day"


def test_place(seed):
    assert seed.place.name == "Coyoacán"
    assert seed.place.raw == "Coyoacan, D. F."
    assert seed.place.country == "MX"


def test_license(seed):
    assert seed.license.kind == "copyleft"
    assert seed.license.spdx.startswith("GFDL-")
    assert seed.license.redistributable is True
    assert "GNU Free Documentation License" in seed.license.statement


def test_source(seed):
    assert "Fourth International, Vol.1 No.5, October 1940, p.137" in seed.source.first_published
    assert seed.source.translated_by == ["Fourth International"]
    assert seed.source.transcribed_by == ["David Walters"]
    assert seed.source.proofread_by == ["Scott Wilson"]


def test_sections(seed):
    assert [s.date.start for s in seed.sections] == [dt.date(1940, 6, 17), dt.date(1940, 8, 2)]
    assert all(s.place.name == "Coyoacán" for s in seed.sections)
    assert seed.sections[0].text.startswith("The capitulation of France")
    assert seed.sections[1].text.startswith("(The following statement was issued")
    assert seed.sections[1].text.endswith("accumulated difficulties and dangers.")


def test_text_is_body_only(seed):
    text = seed.text
    assert text.startswith("The capitulation of France is not a simple military episode.")
    assert text.endswith("accumulated difficulties and dangers.")
    for furniture in ("Written:", "Copyleft", "Coyoacan", "June 17, 1940", "return", "Last updated",
                      "Leon Trotsky\n", "Proofread"):
        assert furniture not in text
    assert "\n\n\n" not in text
    assert seed.n_words == len(text.split()) and seed.n_chars == len(text)


def test_header_kept_as_found(seed):
    labels = [line.label for line in seed.header]
    assert labels == ["Written", "First Published", "Translated", "Transcription/HTML Markup",
                      "Proofread", "Copyleft"]
    assert seed.header[0].value == "17 June & 2 August 1940."
