"""The record model: the one source of truth of the dataset's schema.

JSON Schema, the Arrow schema and the Hugging Face `Features` are all generated
from these classes (see `corpus.schema`); nothing else declares a field.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from corpus.words import count_words

SCHEMA_VERSION = "1.1.0"
"""Semantic version of the schema: a removed or retyped field is a major change, an added field
or config a minor one (1.1.0 added the `paragraphs` config)."""

Int32 = Annotated[int, Field(ge=0, le=2**31 - 1, json_schema_extra={"format": "int32"})]
"""A non-negative count stored as Arrow int32."""

NonEmpty = Annotated[str, Field(min_length=1)]

_ISO639_1 = re.compile(r"^[a-z]{2}$")
_ISO3166 = re.compile(r"^[A-Z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A whole line of page furniture: header labels and navigation that must not be left in a text.
_FURNITURE_LINE = (r"[^\S\n]*(?:return(?: return)*|last updated(?: on)?:?[^\n]*|top of (?:the )?page|"
                   r"(?:transcription|html markup|copyleft|proofread)[^\S\n]*:[^\n]*)[^\S\n]*(?:\n|\Z)")
# Tried at the start and after each newline rather than with re.MULTILINE's "^", which the regex
# engine tries at every character: the literal "\n" lets it skip ahead (5× faster on the sample).
_FURNITURE_AT_START = re.compile(f"(?i:{_FURNITURE_LINE})")
_FURNITURE_AFTER_NEWLINE = re.compile(f"\n(?i:{_FURNITURE_LINE})")


class Record(BaseModel):
    """Base of every model: strict about unknown fields, frozen once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class Precision(StrEnum):
    day = "day"
    month = "month"
    season = "season"
    year = "year"
    decade = "decade"


class DateBasis(StrEnum):
    """Which statement of the page a document's date was taken from."""

    written = "written"
    delivered = "delivered"
    published = "published"
    title = "title"
    signoff = "signoff"


class Calendar(StrEnum):
    gregorian = "gregorian"
    julian = "julian"  # the page gave an Old Style date; start/end are converted to Gregorian


class DocDate(Record):
    """A date as the page wrote it, normalised to EDTF plus a filterable day range."""

    edtf: NonEmpty = Field(description="Library of Congress EDTF (levels 0-2).")
    start: dt.date = Field(description="First day covered (Gregorian).")
    end: dt.date = Field(description="Last day covered (Gregorian).")
    precision: Precision
    approximate: bool = False
    uncertain: bool = False
    calendar: Calendar = Calendar.gregorian
    raw: NonEmpty = Field(description="The date exactly as written on the page.")
    basis: DateBasis

    @model_validator(mode="after")
    def _start_before_end(self) -> DocDate:
        if self.start > self.end:
            raise ValueError(f"date start {self.start} is after end {self.end}")
        return self


class Place(Record):
    """Where a text was written or delivered."""

    name: str | None = Field(None, description="Canonical name; null when not in the gazetteer.")
    raw: NonEmpty = Field(description="The place exactly as written.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)

    @field_validator("country")
    @classmethod
    def _iso3166(cls, value: str | None) -> str | None:
        if value is not None and not _ISO3166.match(value):
            raise ValueError(f"country {value!r} is not ISO 3166-1 alpha-2")
        return value


class Section(Record):
    """A dated part of a document (a letter in a collection, a statement and its postscript)."""

    heading: str | None = None
    text: NonEmpty
    date: DocDate | None = None
    place: Place | None = None


class Source(Record):
    """Where the text comes from and who brought it to the archive."""

    first_published: str | None = None
    source: str | None = None
    translated_by: list[str] = Field(default_factory=list)
    transcribed_by: list[str] = Field(default_factory=list)
    proofread_by: list[str] = Field(default_factory=list)
    archive: str | None = Field(None, description="The archive section, e.g. 'Trotsky Internet Archive'.")


class LicenseKind(StrEnum):
    copyleft = "copyleft"
    public_domain = "public-domain"
    permission = "permission"
    unknown = "unknown"


class License(Record):
    """The terms the page states for its text."""

    spdx: str | None = Field(None, description="SPDX license id where one honestly applies.")
    kind: LicenseKind
    statement: str | None = Field(None, description="The statement as written.")
    redistributable: bool


class Note(Record):
    """A footnote or endnote."""

    label: str
    text: NonEmpty


class HeaderLine(Record):
    """One line of the page's header block, exactly as found."""

    label: str = Field(description="The label as written, '' for an unlabelled line.")
    value: str


class RawFormat(StrEnum):
    mia_text = "mia-text"
    mia_html = "mia-html"


class Provenance(Record):
    """Which raw bytes, read how, gave this record."""

    raw_path: NonEmpty
    raw_sha256: str
    raw_format: RawFormat
    parser_version: NonEmpty

    @field_validator("raw_sha256")
    @classmethod
    def _sha256(cls, value: str) -> str:
        if not _SHA256.match(value):
            raise ValueError("raw_sha256 must be 64 lower-case hex digits")
        return value


class Document(Record):
    """One work of the archive: an article, chapter, speech, letter..."""

    id: NonEmpty = Field(description="Stable id: the URL path, or the path under raw/.")
    url: str | None = Field(None, description="Canonical https://www.marxists.org/ URL.")
    author: NonEmpty
    title: NonEmpty
    subtitle: str | None = None
    work_title: str | None = Field(None, description="The book or collection a chapter belongs to.")
    language: str = Field(description="ISO 639-1.")
    text: NonEmpty = Field(description="The body only; paragraphs separated by one blank line, lines within a "
                           "paragraph only where the page breaks them (<br>: verse, addresses, letters).")
    date: DocDate | None = None
    place: Place | None = None
    sections: list[Section] = Field(default_factory=list)
    signed: str | None = Field(None, description="The signature under the text, as written.")
    source: Source = Field(default_factory=Source)
    license: License
    notes: list[Note] = Field(default_factory=list)
    header: list[HeaderLine] = Field(default_factory=list)
    provenance: Provenance
    n_words: Int32
    n_chars: Int32

    @field_validator("language")
    @classmethod
    def _iso639(cls, value: str) -> str:
        if not _ISO639_1.match(value):
            raise ValueError(f"language {value!r} is not ISO 639-1")
        return value

    @field_validator("url")
    @classmethod
    def _canonical_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://www.marxists.org/"):
            raise ValueError(f"url {value!r} is not a canonical https://www.marxists.org/ URL")
        return value

    @field_validator("text")
    @classmethod
    def _clean_text(cls, value: str) -> str:
        if furniture := _FURNITURE_AT_START.match(value) or _FURNITURE_AFTER_NEWLINE.search(value):
            raise ValueError(f"text holds a header or navigation line: {furniture.group().strip()[:60]!r}")
        if "\n\n\n" in value or value != value.strip():
            raise ValueError("text paragraphs must be separated by exactly one blank line")
        return value

    @model_validator(mode="before")
    @classmethod
    def _counts_of_text(cls, data: Any) -> Any:
        """`n_words` and `n_chars` are the text's: counted here when not given, checked when given
        (one pass over the text either way, with `corpus.words.count_words`)."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return data
        counts = {"n_words": count_words(data["text"]), "n_chars": len(data["text"])}
        if any(data.get(name, value) != value for name, value in counts.items()):
            raise ValueError("n_chars / n_words do not match text")
        return {**data, **counts}


class SectionRow(Record):
    """A row of the `sections` config: one dated section, with its document's id."""

    document_id: NonEmpty
    position: Int32 = Field(description="0-based position of the section in its document.")
    author: NonEmpty
    title: NonEmpty
    heading: str | None = None
    text: NonEmpty
    date: DocDate | None = None
    place: Place | None = None


class ParagraphRow(Record):
    """A row of the `paragraphs` config: one paragraph of a document's text, for retrieval and training.

    Paragraphs are the document's `text` split on blank lines, in order; joined again with one
    blank line they give the text back.
    """

    document_id: NonEmpty
    position: Int32 = Field(description="0-based position of the paragraph in its document.")
    section: Int32 | None = Field(
        None, description="0-based index of the dated section holding the paragraph; null when the "
        "document has no sections or the paragraph lies outside them.")
    text: NonEmpty
    n_words: Int32


CONFIGS: dict[str, type[Record]] = {"documents": Document, "sections": SectionRow,
                                    "paragraphs": ParagraphRow}
"""Dataset configs and the model of one row of each; `documents` is the default."""
