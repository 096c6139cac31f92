"""The one interpreter: blocks from any reader -> a validated `Document`.

Readers decide structure (`corpus.blocks`); everything that gives a block meaning
(author, title, header fields, body, sign-offs, sections, notes, date, place,
license, language, whether the page is a document at all) happens here, once,
for both formats.  Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus import dates, places
from corpus.blocks import Block, BlockKind, Page
from corpus.classify import classify_page
from corpus.headers import HeaderField, field_of_label, field_of_prose, split_people
from corpus.language import detect_language
from corpus.licenses import classify_license
from corpus.model import (
    DateBasis,
    DocDate,
    Document,
    HeaderLine,
    License,
    Note,
    Place,
    Provenance,
    Section,
    Source,
)
from corpus.rejects import Rejected, RejectReason

PARSER_VERSION = "0.2.0"
SITE = "https://www.marxists.org/"

_LABELLED = re.compile(r"^(?P<label>[A-Z][^:\n]{0,48}?)\s*:\s*(?P<value>\S.*)$", re.S)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?\s*notes?\.?$|^notes? and references$|^references$", re.I)
_NOTE_MARK = re.compile(r"^\s*(?:\[(?P<b>[^\]]{1,6})\]|\((?P<p>\d{1,3}|[a-z*†‡])\)|(?P<n>\d{1,3}|\*+|†|‡)[.)]?)\s+")
_CHAPTER = re.compile(
    r"^(?:chapter|chap\.|part|book|section|lecture|letter|appendix|preface|foreword|introduction|"
    r"afterword|postscript|epilogue|prologue|conclusion|[IVXLC]+\.?$|[IVXLC]+[.:]\s)",
    re.I,
)
_ARCHIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0,3}Internet Archive|Encyclopedia of Trotskyism On-?Line|"
    r"Marxists[’']?\s+Internet Archive)"
)
_BRACKETED_TITLE = re.compile(r"^[(\[](?P<inner>.+)[)\]]\.?$", re.S)
_MAX_SIGNOFF_LINE = 70


@dataclass
class _Header:
    """What the header block says, field by field (raw values as written)."""

    lines: list[HeaderLine] = field(default_factory=list)
    values: dict[HeaderField, list[str]] = field(default_factory=dict)

    def add(self, label: str, value: str, meaning: HeaderField) -> None:
        self.lines.append(HeaderLine(label=label, value=value))
        self.values.setdefault(meaning, []).append(value)

    def first(self, meaning: HeaderField) -> str | None:
        return self.values.get(meaning, [None])[0]


@dataclass
class _Signoff:
    raw: str
    date: dates.ParsedDate | None
    place: tuple[places.PlaceMatch | None, str] | None


def interpret(page: Page, *, sha256: str) -> Document:
    """Give a page's blocks meaning. Raises `NotADocument` or `Rejected`."""
    classify_page(page)
    blocks = [b for b in page.blocks if b.kind is not BlockKind.NAV]
    head, body, tail = _split_regions(blocks)
    header = _Header()
    headings = _read_head(head, header)
    body = _trailing_header(body, header)
    notes = _notes(tail)
    author, title, subtitle, work_title, title_date = _titles(headings, page)
    if not body:
        raise Rejected(RejectReason.no_body, "no body text after the header block")
    year_hint = _year_hint(header, title_date)
    sections, signoffs, text = _sections(body, year_hint)
    if not text:
        raise Rejected(RejectReason.no_body, "no body text after the header block")
    date = _choose_date(header, title_date, signoffs, year_hint)
    place = _choose_place(header, signoffs)
    return Document(
        id=page.path,
        url=SITE + page.path if page.raw_format == "mia-html" else None,
        author=author,
        title=title,
        subtitle=subtitle,
        work_title=work_title,
        language=detect_language(page, text),
        text=text,
        date=date,
        place=place,
        sections=sections,
        source=_source(header),
        license=_license(header),
        notes=notes,
        header=header.lines,
        provenance=Provenance(
            raw_path=page.path, raw_sha256=sha256, raw_format=page.raw_format, parser_version=PARSER_VERSION
        ),
        n_words=len(text.split()),
        n_chars=len(text),
    )


# --- regions ------------------------------------------------------------------------


def _is_header_like(block: Block) -> bool:
    if block.kind is BlockKind.HEADER:
        return True
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING) or len(block.text) > 600:
        return False
    first = block.text.split("\n", 1)[0]
    m = _LABELLED.match(first)
    if m and field_of_label(m["label"]) is not HeaderField.other:
        return True
    if field_of_prose(first) is None:
        return False
    # A prose header line in a heading ("<h5>Transcribed for the ... by Sally Ryan.</h5>"), but
    # never the title itself ("From Lenin to Stalin" is an <h1>).
    return block.kind is not BlockKind.HEADING or (block.level >= 3 and len(first.split()) >= 4)


def _split_regions(blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """head (title lines and header block) / body / tail (notes)."""
    start = next(
        (i for i, b in enumerate(blocks)
         if b.kind is BlockKind.PARAGRAPH and not _is_header_like(b) and not _is_title_date(b)),
        len(blocks),
    )
    # The tail starts at a "Notes" heading, or where nothing but notes and furniture follow.
    end = next((i for i in range(start, len(blocks)) if _NOTES_HEADING.match(blocks[i].text)), len(blocks))
    while end > start and blocks[end - 1].kind in (BlockKind.NOTE, BlockKind.RULE, BlockKind.HEADING):
        end -= 1
    body = blocks[start:end]
    notes = [b for b in body if b.kind is BlockKind.NOTE]
    return blocks[:start], [b for b in body if b.kind is not BlockKind.NOTE], notes + blocks[end:]


def _is_title_date(block: Block) -> bool:
    m = _BRACKETED_TITLE.match(block.text)
    return bool(m) and len(block.text) < 80 and dates.parse_date(m["inner"]) is not None


def _read_head(head: list[Block], header: _Header) -> list[Block]:
    """Header lines go to `header`; the headings (title lines) are returned."""
    headings = []
    for block in head:
        if block.kind is BlockKind.RULE:
            continue
        if block.kind is BlockKind.HEADING and not _is_header_like(block):
            headings.append(block)
        elif _is_header_like(block) or block.kind is BlockKind.HEADER:
            _add_header_block(block, header)
        elif _is_title_date(block):
            headings.append(Block(BlockKind.HEADING, block.text, level=3))
    return headings


def _add_header_block(block: Block, header: _Header) -> None:
    lines = [block.text] if block.label is not None else block.text.split("\n")
    for line in lines:
        line = line.strip()
        if block.label is not None:
            label, value = block.label.strip().rstrip(":").strip(), line
        elif m := _LABELLED.match(line):
            label, value = m["label"], m["value"]
        else:
            label, value = "", line
        if not label and not value:
            continue
        meaning = field_of_label(label) if label else (field_of_prose(value) or HeaderField.other)
        header.add(label, value, meaning)


def _trailing_header(body: list[Block], header: _Header) -> list[Block]:
    """Older pages put 'Transcribed by ...' / license lines after the text: move them to the header."""
    end = len(body)
    while end > 0:
        block = body[end - 1]
        if block.kind is BlockKind.RULE or (block.kind is not BlockKind.HEADING and _is_header_like(block)):
            end -= 1
        else:
            break
    for block in body[end:]:
        if block.kind is not BlockKind.RULE:
            _add_header_block(block, header)
    return body[:end]


def _notes(tail: list[Block]) -> list[Note]:
    notes = []
    for block in tail:
        if block.kind in (BlockKind.HEADING, BlockKind.RULE, BlockKind.NAV) or not block.text.strip():
            continue
        label, text = block.label or "", block.text
        if not label and (m := _NOTE_MARK.match(text)):
            label = m["b"] or m["p"] or m["n"] or ""
            text = text[m.end():]
        if text.strip():
            notes.append(Note(label=label, text=text.strip()))
    return notes


# --- title lines ----------------------------------------------------------------------


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 8 and not any(ch.isdigit() for ch in text) and not text.endswith(("?", "!"))


def _titles(headings: list[Block], page: Page):
    """author, title, subtitle, work_title, title date (raw) from the title lines."""
    title_date = None
    lines = []
    for h in headings:
        text = h.text.replace("\n", " ").strip()
        if not text:
            continue
        m = _BRACKETED_TITLE.match(text)
        if title_date is None and (m and dates.parse_date(m["inner"]) or _bare_year(text)):
            title_date = m["inner"] if m else text
            continue
        lines.append(Block(BlockKind.HEADING, text, level=h.level or 3))
    author_i = title_i = None
    for i, h in enumerate(lines):
        if h.level == 1:
            title_i = i
            break
    for i, h in enumerate(lines[: title_i if title_i is not None else len(lines)]):
        if h.level >= 2 and _looks_like_name(h.text):
            author_i = i
            break
    if title_i is None:  # no h1: the first non-author line is the title
        title_i = next((i for i in range(len(lines)) if i != author_i), None)
    author = lines[author_i].text if author_i is not None else _meta_author(page)
    title = lines[title_i].text if title_i is not None else _html_title(page)
    rest = [h for i, h in enumerate(lines) if i not in (author_i, title_i)]
    work_title = subtitle = None
    above = [h for h in rest if lines.index(h) < (title_i or 0)]
    below = [h for h in rest if lines.index(h) > (title_i or 0)]
    if below and _CHAPTER.match(below[0].text) and title:
        # "Jean-Paul Marat" / "Chapter II": the h1 is the book, the chapter line is this page's title.
        work_title, title = title, below[0].text
        below = below[1:]
    elif above:
        work_title = above[-1].text
    if below:
        subtitle = below[0].text
    if not author:
        raise Rejected(RejectReason.no_author, "no author line, meta author or <title> author found")
    if not title:
        raise Rejected(RejectReason.no_title, "no title line found")
    return author.strip().rstrip(","), title.strip(), subtitle, work_title, title_date


def _bare_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text.strip()))


def _meta_author(page: Page) -> str | None:
    if page.meta.get("author"):
        return page.meta["author"].strip()
    if page.html_title and ":" in page.html_title:
        return page.html_title.split(":", 1)[0].strip() or None
    return None


def _html_title(page: Page) -> str | None:
    if not page.html_title:
        return None
    title = page.html_title.split(":", 1)[-1]
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).strip() or None


# --- body, sign-offs, sections -------------------------------------------------------


def _signoff(block: Block, default_year: int | None) -> _Signoff | None:
    """A short block whose every line is a place, a date, or a place and a date."""
    if block.kind is not BlockKind.PARAGRAPH:
        return None
    lines = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
    if not lines or len(lines) > 4 or any(len(ln) > _MAX_SIGNOFF_LINE for ln in lines):
        return None
    date = None
    place = None
    for line in lines:
        line_date = dates.parse_date(line, default_year=default_year)
        found = places.find_place(line) if not line_date or line_date.matched != line.strip(" .") else None
        if found is None and line_date is None:
            if places.looks_like_place_line(line):
                found = places.find_place(line) or (places.resolve_place(line), line)
            else:
                return None
        if line_date is not None and date is None:
            date = line_date
        if found is not None and place is None:
            place = found
    if date is None and place is None:
        return None
    return _Signoff(raw=block.text, date=date, place=place)


def _sections(body: list[Block], default_year: int | None):
    """Split the body at sign-offs: (sections, sign-offs, text without sign-offs)."""
    paragraphs: list[str] = []
    sections: list[Section] = []
    signoffs: list[_Signoff] = []
    current: list[str] = []
    heading: str | None = None
    for block in body:
        if block.kind is BlockKind.RULE:
            continue
        text = block.text.strip()
        if not text:
            continue
        signoff = _signoff(block, default_year)
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


def _section(heading: str | None, paragraphs: list[str], signoff: _Signoff) -> Section:
    return Section(
        heading=heading,
        text="\n\n".join(paragraphs),
        date=_doc_date(signoff.date, signoff.date.matched, DateBasis.signoff) if signoff.date else None,
        place=_place(signoff.place) if signoff.place else None,
    )


# --- date, place, source, license -------------------------------------------------------


def _doc_date(parsed: dates.ParsedDate, raw: str, basis: DateBasis) -> DocDate:
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


def _year_hint(header: _Header, title_date: str | None) -> int | None:
    for raw in (header.first(HeaderField.written), header.first(HeaderField.delivered), title_date):
        if raw and (parsed := dates.find_date(raw)):
            return parsed.start.year
    return None


def _choose_date(header: _Header, title_date: str | None, signoffs: list[_Signoff], year: int | None):
    """written, else delivered, else the bracketed title date, else sign-offs, else first publication."""
    for raw, basis in (
        (header.first(HeaderField.written), DateBasis.written),
        (header.first(HeaderField.delivered), DateBasis.delivered),
        (title_date, DateBasis.title),
    ):
        if raw and (parsed := dates.parse_date(raw) or dates.find_date(raw)):
            return _doc_date(parsed, parsed.matched if parsed.matched else raw, basis)
    dated = [s.date for s in signoffs if s.date is not None]
    if dated:
        return _doc_date(_combine(dated), " & ".join(d.matched for d in dated), DateBasis.signoff)
    for raw in (header.first(HeaderField.first_published), header.first(HeaderField.source)):
        if raw and (parsed := dates.find_date(raw)):
            return _doc_date(parsed, parsed.matched, DateBasis.published)
    return None


def _combine(parsed: list[dates.ParsedDate]) -> dates.ParsedDate:
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


def _place(found: tuple[places.PlaceMatch | None, str]) -> Place:
    match, raw = found
    raw = raw.strip().rstrip(",;").strip()
    if match is None:
        return Place(raw=raw)
    return Place(name=match.name, raw=raw, country=match.country, latitude=match.latitude, longitude=match.longitude)


def _choose_place(header: _Header, signoffs: list[_Signoff]) -> Place | None:
    for signoff in signoffs:
        if signoff.place is not None and signoff.place[0] is not None:
            return _place(signoff.place)
    for meaning in (HeaderField.written, HeaderField.delivered):
        for value in header.values.get(meaning, []):
            if found := places.find_place(value):
                return _place(found)
    for signoff in signoffs:
        if signoff.place is not None:
            return _place(signoff.place)
    return None


def _people(header: _Header, meaning: HeaderField) -> list[str]:
    people: list[str] = []
    for value in header.values.get(meaning, []):
        people.extend(p for p in split_people(value) if p not in people)
    return people


def _source(header: _Header) -> Source:
    first_published = header.first(HeaderField.first_published)
    source = header.first(HeaderField.source)
    if first_published is None and source is not None and source.lower().startswith("from "):
        first_published, source = source[5:].strip(), None
    archive = None
    for line in header.lines:
        if m := _ARCHIVE.search(line.value):
            archive = m[1].strip()
            break
    return Source(
        first_published=first_published,
        source=source,
        translated_by=_people(header, HeaderField.translated),
        transcribed_by=_people(header, HeaderField.transcribed),
        proofread_by=_people(header, HeaderField.proofread),
        archive=archive,
    )


def _license(header: _Header) -> License:
    lines = [
        (f"{line.label}: {line.value}" if line.label else line.value)
        for line in header.lines
        if (field_of_label(line.label) if line.label else field_of_prose(line.value)) is HeaderField.license
    ]
    statement = " ".join(lines) or None
    info = classify_license(statement)
    return License(spdx=info.spdx, kind=info.kind, statement=statement, redistributable=info.redistributable)
