"""The header block: which field each label means, and credits split into people.

Volunteers wrote the same label some thirty ways ("Transcription/HTML Markup",
"Transcription\\HTML Markup", "Transcribed & marked up", "HTML:", "Pubic Domain",
"Copright"...).  `LABEL_RULES` maps them by keyword, in order, first match wins;
unlabelled prose lines ("From Labor Action, Vol. 5 No. 34, ...",
"Transcribed & marked up by ... for the MIA.") go through `PROSE_RULES`.
"""

from __future__ import annotations

import re
from enum import StrEnum


class HeaderField(StrEnum):
    """The meaning of one header line."""

    written = "written"
    delivered = "delivered"
    first_published = "first_published"
    source = "source"
    translated = "translated"
    transcribed = "transcribed"
    proofread = "proofread"
    license = "license"
    other = "other"


# (keyword regex searched in the normalised label, field); order matters.
LABEL_RULES: list[tuple[str, HeaderField]] = [
    (r"copy ?left|copy ?right|copright|pub(l)?ic domain|licen[cs]e|rights", HeaderField.license),
    (r"proof ?-?read|proofing|checked", HeaderField.proofread),
    (r"transcri|mark ?-?up|html|editing|edited for|digiti[sz]|scann|ocr|prepared|conversion|typed", HeaderField.transcribed),
    (r"translat", HeaderField.translated),
    (r"first ?-?published|first printed|first appeared|^published|^publication|printed|appeared", HeaderField.first_published),
    (r"^source|^from$|original source|^taken from", HeaderField.source),
    (r"written|date|composed|dated", HeaderField.written),
    (r"deliver|spoken|speech|discussed|given|read at|presented|broadcast|lecture|address", HeaderField.delivered),
]

# Unlabelled prose header lines: (regex matched at the start of the line, field).
PROSE_RULES: list[tuple[str, HeaderField]] = [
    (r"(?:copy ?left|copyright|copright|pub(l)?ic domain|licensed under|creative commons|gnu free documentation)", HeaderField.license),
    (r"(?:transcri\w*|marked up|html markup|proofread and|edited and transcribed|scanned)\b", HeaderField.transcribed),
    (r"(?:proof ?-?read)\b", HeaderField.proofread),
    (r"translat\w*\b", HeaderField.translated),
    (r"(?:first (?:published|printed|appeared)|published|reprinted|originally published)\b", HeaderField.first_published),
    # "From Labor Action, Vol. 5 No. 34, ..." but not a heading "From February to October 1917".
    (r"(?-i:From|Taken from)\s[^,]{2,80},|source:?\s", HeaderField.source),
    (r"(?:written|delivered|speech delivered|spoken)\b", HeaderField.written),
]

_LABEL_RULES = [(re.compile(p), f) for p, f in LABEL_RULES]
_PROSE_RULES = [(re.compile(p, re.IGNORECASE), f) for p, f in PROSE_RULES]


def normalise_label(label: str) -> str:
    """'Transcription\\HTML Markup:' -> 'transcription html markup'."""
    return " ".join(re.sub(r"[^\w]+", " ", label.lower()).split())


def field_of_label(label: str) -> HeaderField:
    norm = normalise_label(label)
    for pattern, field in _LABEL_RULES:
        if pattern.search(norm):
            return field
    return HeaderField.other


def field_of_prose(line: str) -> HeaderField | None:
    """The field an unlabelled header sentence states, or None when it is not header prose."""
    for pattern, field in _PROSE_RULES:
        if pattern.match(line):
            return field
    return None


# --- credits --------------------------------------------------------------------------

_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_LEAD = re.compile(
    r"^(?:(?:transcri\w*|html markup|marked up|mark-up|markup|proofread|proof-read|translated|translation|"
    r"edited|editing|checked|corrected|and|&|/)\s*)*(?:(?:by|from)\s+)?",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"\s+(?:for|on|in|at|of|from)\s+(?:the\s+)?(?:marxists?\W*|mia\b|encyclopedia|www\.|\w+ internet archive|"
    r"the archive|\d{4}|january|february|march|april|may|june|july|august|september|october|november|december)"
    r".*$",
    re.IGNORECASE,
)
_BY = re.compile(r"\bby\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\+|/)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^(?:\d[\d\s.-]*|the|unknown|anonymous|n/?a|none|marxists?.*|mia|\W*)$", re.IGNORECASE)


def split_people(value: str) -> list[str]:
    """'Chris Harman and David Walters.' -> ['Chris Harman', 'David Walters'].

    Roles and dates in brackets, 'by', and trailing 'for the Marxists Internet Archive'
    or 'in 2002' are not part of a name.
    """
    text = _BRACKETED.sub("", value)
    by = _BY.search(text)
    if by:  # "Transcribed for the Trotsky Internet Archive by Sally Ryan": the names follow "by"
        text = text[by.end():]
    text = _TAIL.sub("", text.strip())
    text = _LEAD.sub("", text.strip())
    people = []
    for part in _SPLIT.split(text):
        part = _LEAD.sub("", part.strip()).strip(" .:;-–")
        part = _TAIL.sub("", part).strip(" .:;-–")
        if part and not _NOT_A_NAME.match(part) and len(part) <= 80 and part not in people:
            people.append(part)
    return people
