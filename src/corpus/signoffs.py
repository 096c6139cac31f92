"""Sign-offs: the place and date lines under (or above) a text, and the dated sections they close.

    Coyoacan, D. F.          <- place line
    June 17, 1940            <- date line

A sign-off ends a section; a document signed twice has two dated sections. Also the
signature line ("G. ZINOVIEV.") with the role line above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus import dates, places
from corpus.blocks import Block, BlockKind
from corpus.model import DateBasis, DocDate, Place, Section

_SIGNATURE = re.compile(r"^(?:[A-ZÀ-Þ][\w’'.-]*\.?,?\s*){1,5}(?:\[[^\]]{1,40}\])?\.?$")
ROLE_LINE = re.compile(r"^(?:for|on behalf of|(?:national |general |executive |international |acting )?"
                       r"(?:president|chairman|secretary|editor)|"
                        r"the executive|the central committee|yours|fraternally|comradely|with)\b[^.!?]{0,100}[.,]?$",
                        re.IGNORECASE)
_MAX_SIGNOFF_LINE = 70
_MAX_SIGNOFF_BLOCK = 4 * (_MAX_SIGNOFF_LINE + 1)  # four lines at most
_NOT_SIGNOFF_HINTS = frozenset({"cell", "links", "blockquote", "quoteb", "quote"})
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD_OF_TWO_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass
class Signoff:
    raw: str
    date: dates.ParsedDate | None
    place: tuple[places.PlaceMatch | None, str] | None


def read_signoff(block: Block, default_year: int | None) -> Signoff | None:
    """A short block whose every line is a place, a date, or a place and a date."""
    if block.kind is not BlockKind.PARAGRAPH or block.hint in _NOT_SIGNOFF_HINTS:
        return None
    if len(block.text) > _MAX_SIGNOFF_BLOCK:
        return None  # the common case, a paragraph of prose: decided before splitting it
    lines = [line for part in block.text.split("\n") if (line := part.strip())]
    if len(lines) == 1 and not _HAS_LETTER.search(lines[0]) and block.hint not in ("right", "date", "sig"):
        return None  # a lone "1917" or "1927-28" in the text is a heading or a table entry, not a sign-off
    if not lines or len(lines) > 4 or max(map(len, lines)) > _MAX_SIGNOFF_LINE:
        return None
    date = None
    place = None
    for line in lines:
        line_date = dates.parse_date(line, default_year=default_year)
        found = places.find_place(line)
        if found is None and line_date is None and places.looks_like_place_line(line):
            found = (places.resolve_place(line), line)
        if found is None and (unlisted := places.unlisted_place(line)) is not None:
            found = (None, unlisted)  # "Hartenstein, Switzerland": a town the gazetteer lacks
        if found is None and line_date is None:
            return None
        leftover = line
        for part in (line_date.matched if line_date else "", found[1] if found else ""):
            leftover = leftover.replace(part, " ", 1) if part else leftover
        if len(_WORD_OF_TWO_LETTERS.findall(leftover)) > 2:
            return None  # a sentence that mentions a date ("at the beginning of April 1917, he wrote:")
        if line_date is not None and date is None:
            date = line_date
        if found is not None and place is None:
            place = found
    if date is None and place is None:
        return None
    return Signoff(raw=block.text, date=date, place=place)


def split_sections(body: list[Block], default_year: int | None):
    """Split the body at sign-offs: (sections, sign-offs, text without sign-offs)."""
    paragraphs: list[str] = []
    sections: list[Section] = []
    signoffs: list[Signoff] = []
    current: list[str] = []
    heading: str | None = None
    content = [i for i, b in enumerate(body) if b.kind is not BlockKind.RULE and b.text.strip()]
    edges = {content[0], content[-1]} if content else set()
    # An unlisted place is known by its form alone, so it is trusted only where sign-offs
    # stand: the first block, or among the last three (place, date, signature).
    near_edges = {content[0], *content[-3:]} if content else set()
    for i, block in enumerate(body):
        if block.kind is BlockKind.RULE:
            continue
        text = block.text.strip()
        if not text:
            continue
        # read_signoff's first test, asked here: most blocks are prose, too long to be sign-offs.
        signoff = read_signoff(block, default_year) if len(block.text) <= _MAX_SIGNOFF_BLOCK else None
        if signoff is not None and not (i in edges or signoff.place is not None or _precise(signoff.date)):
            signoff = None  # "1917" alone amid a chapter is a table row or a heading, not a sign-off
        if signoff is not None and signoff.place is not None and not _listed(signoff) and i not in near_edges:
            signoff = None
        if signoff is not None:
            signoffs.append(signoff)
            if current:
                sections.append(_section(heading, current, signoff))
                current, heading = [], None
            continue
        if block.kind is BlockKind.HEADING and not current:
            heading = text
        current.append(text)
        paragraphs.append(text)
    if sections and current:  # a postscript after the last sign-off is an undated section
        sections.append(Section(heading=heading, text="\n\n".join(current)))
    return sections, signoffs, "\n\n".join(paragraphs)


def _listed(signoff: Signoff) -> bool:
    return signoff.place is not None and signoff.place[0] is not None


def _precise(date: dates.ParsedDate | None) -> bool:
    return date is not None and date.precision in ("day", "month", "season")


def _section(heading: str | None, paragraphs: list[str], signoff: Signoff) -> Section:
    return Section(
        heading=heading,
        text="\n\n".join(paragraphs),
        date=doc_date(signoff.date, signoff.date.matched, DateBasis.signoff) if signoff.date else None,
        place=to_place(signoff.place) if signoff.place else None,
    )


def doc_date(parsed: dates.ParsedDate, raw: str, basis: DateBasis) -> DocDate:
    return DocDate(
        edtf=parsed.edtf,
        start=parsed.start,
        end=parsed.end,
        precision=parsed.precision,
        approximate=parsed.approximate,
        uncertain=parsed.uncertain,
        calendar=parsed.calendar,
        raw=raw.strip().rstrip(".").strip(),
        basis=basis,
    )


def combine_dates(parsed: list[dates.ParsedDate]) -> dates.ParsedDate:
    """Several sign-off dates: the EDTF set of them, spanning first to last."""
    if len(parsed) == 1:
        return parsed[0]
    edtfs = sorted({p.edtf for p in parsed})
    return dates.ParsedDate(
        edtf="{" + ",".join(edtfs) + "}",
        start=min(p.start for p in parsed),
        end=max(p.end for p in parsed),
        precision=parsed[0].precision if len({p.precision for p in parsed}) == 1 else "year",
        approximate=any(p.approximate for p in parsed),
        uncertain=any(p.uncertain for p in parsed),
        calendar=parsed[0].calendar,
        matched=" & ".join(p.matched for p in parsed),
    )


def to_place(found: tuple[places.PlaceMatch | None, str]) -> Place:
    match, raw = found
    raw = raw.strip().rstrip(",;").strip()
    if match is None:
        return Place(raw=raw)
    return Place(name=match.name, raw=raw, country=match.country, latitude=match.latitude, longitude=match.longitude)



def is_signature(block: Block, author: str) -> bool:
    """'G. ZINOVIEV.', 'E.B.B.', 'Alex Callinicos', 'George Edwards [Ted Grant]' under the text."""
    text = " ".join(block.text.split()).lstrip("—–-")  # "—ANDRES NIN"
    if len(text) > 48 or not _SIGNATURE.match(text):
        return False
    author_words = {w for w in re.findall(r"\w{3,}", author.lower())}
    return (
        bool(author_words & set(re.findall(r"\w{3,}", text.lower())))
        or bool(re.search(r"\b[A-Z]\.", text))
        or text.isupper()
        or block.hint in ("right", "sig", "sign", "signature")
    )
