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
from corpus.checks import date_statements, date_warnings
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
    Source,
)
from corpus.rejects import NotADocument, Rejected, RejectReason, SkipReason
from corpus.signoffs import (
    ROLE_LINE,
    Signoff,
    combine_dates,
    doc_date,
    is_signature,
    read_signoff,
    split_sections,
    to_place,
)
from corpus.titles import (
    BYLINE,
    CHAPTER_LABEL,
    is_title_date,
    is_title_paragraph,
    read_title_lines,
    title_words,
)

PARSER_VERSION = "0.3.9"
SITE = "https://www.marxists.org/"

_LABELLED = re.compile(r"^(?P<label>[A-Z][^:\n]{0,48}?)\s*:\s*(?P<value>\S.*)$", re.DOTALL)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?\s*notes?\.?$|^notes? and references$|^references$", re.IGNORECASE)
# The archive's own notes, under the author's ("Note by MIA"): where the tail starts when the
# author's notes have no heading.
_EDITORS_NOTES_HEADING = re.compile(r"^(?:foot)?notes? by (?:the )?(?:MIA|ETOL|editors?|transcriber|translator)\.?$",
                                    re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\s*(?:\[(?P<b>[^\]]{1,6})\]|\((?P<p>\d{1,3}|[a-z*†‡])\)|(?P<n>\d{1,3}\*?|\*+|†|‡)[.)]?)\s+")
_ARCHIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0,3}Internet Archive|Encyclopedia of Trotskyism On-?Line|"
    r"Marxists[’']?\s+Internet Archive)"
)
_CONTINUED = re.compile(
    r"^[(\[]?\s*(?:to be continued|continued|concluded|the end|end)\b.{0,40}[)\]]?\.?$|"
    r"^(?:further reading|see also|related reading)\s*:.{0,200}$",
    re.IGNORECASE,
)
_WORD_CHAR = re.compile(r"\w")
_PAGE_MARKER = re.compile(r"^\s*(?:<\s*p(?:age|\.)?\s*\d+\s*>|\[\s*p(?:age|\.)?\s*\d+\s*\])\s*$", re.IGNORECASE)
_LEAD_NOTE = re.compile(r"^\([^()]{3,120}\)\.?$")
_DATELINE = re.compile(r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ.’' -]+|[A-Z][\w.’' -]+,)[,.]?\s*(?:[A-Z][A-Z. ]*\s*)?[–—-]\s")


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
class Interpretation:
    """A document and what the interpreter noticed on the way (for the build report)."""

    document: Document
    date_strings: int = 0  # date statements the page makes (header dates, title date)
    unparsed_dates: list[str] = field(default_factory=list)  # ... of which no date could be read
    warnings: list[str] = field(default_factory=list)


def load_tables() -> None:
    """Load the data tables and the language model the interpreter caches. A parallel build calls
    this before forking its workers, so they share one copy instead of each loading its own
    (py3langid's model alone takes half a second)."""
    from corpus import checks, language, licenses

    places._gazetteer()
    licenses.rules()
    checks._lives()
    language._identifier()


def interpret(page: Page, *, sha256: str) -> Document:
    """Give a page's blocks meaning. Raises `NotADocument` or `Rejected`."""
    return interpret_page(page, sha256=sha256).document


def interpret_page(page: Page, *, sha256: str) -> Interpretation:
    """`interpret`, with the date statements seen and the warnings raised."""
    classify_page(page)
    blocks = [b for b in page.blocks if b.kind is not BlockKind.NAV]
    head, body, tail = _split_regions(blocks, title_words(page))
    header = _Header()
    headings = _read_head(head, header)
    numbered_body = any(b.kind is not BlockKind.NOTE and len(b.text) < 20 and CHAPTER_LABEL.match(b.text)
                        for b in body)
    names = read_title_lines(headings, page, numbered_body)
    author, title, subtitle, work_title, title_date = (names.author, names.title, names.subtitle,
                                                       names.work_title, names.title_date)
    if names.author_note:
        header.add("Author note", names.author_note, HeaderField.other)
    body, signed = _trim_tail(body, header, author)
    body = _peel_reviewed_work(body, header)
    notes = _notes(tail)
    if not body:
        if any(b.hint == "links" or b.kind is BlockKind.NAV and b.text.count("\n") >= 2 for b in page.blocks):
            raise NotADocument(SkipReason.toc, "no text, only a list of contents")
        raise Rejected(RejectReason.no_body, "no body text after the header block")
    stated = _stated_date(header, title_date)
    # A sign-off date without a year ("August 2") takes the year the page states.
    sections, signoffs, text = split_sections(body, stated.start.year if stated else None)
    if not text:
        raise Rejected(RejectReason.no_body, "no body text after the header block")
    date = stated or _fallback_date(header, signoffs)
    place = _choose_place(header, signoffs) or _dateline_place(body)
    document = Document(
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
        signed=signed,
        source=_source(header),
        license=_license(header),
        notes=notes,
        header=header.lines,
        provenance=Provenance(
            raw_path=page.path, raw_sha256=sha256, raw_format=page.raw_format, parser_version=PARSER_VERSION
        ),
    )  # n_words and n_chars are counted by the model
    statements = date_statements(header.values, title_date)
    unparsed = [raw for raw in statements if dates.find_date(raw) is None]
    return Interpretation(document, len(statements), unparsed, date_warnings(document, header.values))


# --- regions ------------------------------------------------------------------------


def _is_header_like(block: Block) -> bool:
    if block.kind is BlockKind.HEADER:
        return True
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING) or len(block.text) > 600:
        return False
    if block.kind is BlockKind.HEADING and block.level in (1, 2):
        return False  # "<h1>Lecture 2: Use-Value and Value</h1>" is a title, whatever its colon
    first = block.text.split("\n", 1)[0]
    m = _LABELLED.match(first)
    if m and field_of_label(m["label"]) is not HeaderField.other:
        return True
    if field_of_prose(first) is None:
        return False
    # A prose header line in a heading ("<h5>Transcribed for the ... by Sally Ryan.</h5>"), but
    # never the title itself ("From Lenin to Stalin" is an <h1>).
    return block.kind is not BlockKind.HEADING or (block.level >= 3 and len(first.split()) >= 4)


def _split_regions(blocks: list[Block], words: set[str]) -> tuple[list[Block], list[Block], list[Block]]:
    """head (title lines and header block) / body / tail (notes)."""
    blocks = _split_title_paragraphs(blocks, words)
    start = len(blocks)
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.PARAGRAPH or _is_header_like(b) or is_title_date(b):
            continue
        if _PAGE_MARKER.match(b.text) or b.hint == "links" or not _WORD_CHAR.search(b.text):
            # page numbers, the page's own contents list and stray markup ('>') are not where the text starts
            continue
        if i < 12 and _LEAD_NOTE.match(b.text) and not is_title_date(b):
            # "(Third of a series of articles)" above the text: a subtitle, not the text.
            blocks[i] = Block(BlockKind.HEADING, b.text, level=4, hint=b.hint)
            continue
        if i < 6 and is_title_paragraph(b, words):
            # Older pages set the title lines as plain paragraphs ("by Albert Weisbord").
            blocks[i] = Block(BlockKind.HEADING, b.text, level=2 if BYLINE.match(b.text) else 3, hint=b.hint)
            continue
        start = i
        break
    # The tail starts at a "Notes" heading, or where nothing but notes and furniture follow.
    end = next((i for pattern in (_NOTES_HEADING, _EDITORS_NOTES_HEADING) for i in range(len(blocks) - 1, start - 1, -1)
                if blocks[i].hint != "links" and pattern.match(blocks[i].text)), len(blocks))
    while end > start and blocks[end - 1].kind in (BlockKind.NOTE, BlockKind.RULE, BlockKind.HEADING):
        end -= 1
    body = blocks[start:end]
    notes = [b for b in body if b.kind is BlockKind.NOTE]
    head = [b for b in blocks[:start] if not _PAGE_MARKER.match(b.text) and b.hint != "links"]
    return head, [b for b in body if b.kind is not BlockKind.NOTE], notes + blocks[end:]


def _split_title_paragraphs(blocks: list[Block], words: set[str]) -> list[Block]:
    """Older pages set title and byline as one paragraph ("SCIENTIFIC MATERIALISM<br>By Albert
    Weisbord<br>(From the magazine …)"): near the top, a paragraph of a few lines that are each a
    title line or a bracketed note, one of them a byline, becomes one paragraph per line, so each
    is read as the title line it is."""
    for i, b in enumerate(blocks[:6]):
        if (b.kind is BlockKind.PARAGRAPH and b.text.lower() == "by" and i + 1 < len(blocks)
                and BYLINE.match(f"by {blocks[i + 1].text}")):
            # "by" / "J. C. MARIATEGUI": a byline set on two lines
            return [*blocks[:i], Block(BlockKind.PARAGRAPH, f"by {blocks[i + 1].text}", hint=b.hint), *blocks[i + 2:]]
        if b.kind is not BlockKind.PARAGRAPH or "\n" not in b.text:
            continue
        lines = [Block(BlockKind.PARAGRAPH, line, hint=b.hint) for line in b.text.split("\n")]
        if (len(lines) <= 4 and any(BYLINE.match(line.text) for line in lines)
                and all(is_title_paragraph(line, words) or _LEAD_NOTE.match(line.text) for line in lines)):
            return [*blocks[:i], *lines, *blocks[i + 1:]]
    return blocks


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
        elif is_title_date(block):
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
        value = value.strip().lstrip(":").strip().rstrip(";").strip()
        if not label and not value:
            continue
        meaning = field_of_label(label) if label else (field_of_prose(value) or HeaderField.other)
        header.add(label, value, meaning)


def _trim_tail(body: list[Block], header: _Header, author: str) -> tuple[list[Block], str | None]:
    """Peel what follows the text off the end of the body.

    Older pages put 'Transcribed by ...' / license lines after the text (they go to the header);
    link lists and '(To be continued)' are furniture; a short name line is the signature, with
    the role line above it. Sign-off lines (place, date), under the signature or over it, stay at
    the end of the body for `split_sections`.
    """
    signed: list[str] = []
    signoffs: list[Block] = []
    end = len(body)
    while end > 0:
        block = body[end - 1]
        if block.kind is BlockKind.RULE or block.hint == "links" or _CONTINUED.match(block.text):
            pass
        elif block.kind is not BlockKind.HEADING and _is_header_like(block):
            _add_header_block(block, header)
        elif len(signoffs) < 2 and read_signoff(block, None) is not None:
            # A place or date line under the signature or over it ("G. ZINOVIEV / Hartenstein,
            # Switzerland / August 4, 1916"); read first, as "HARTENSTEIN, SWITZERLAND" is no signature.
            signoffs.insert(0, block)
        elif not signed and _signature(block, author):
            signed.append(" ".join(block.text.split()))
        elif (not signed and block.kind is BlockKind.PARAGRAPH and ROLE_LINE.match(block.text) and end >= 2
              and _signature(body[end - 2], author)):
            # "MAX SHACHTMAN / National Secretary": the role under the name
            signed = [" ".join(body[end - 2].text.split()), " ".join(block.text.split())]
            end -= 1
        elif signed and block.kind is BlockKind.PARAGRAPH and ROLE_LINE.match(block.text):
            # "President of the Executive Committee of the Communist International" / "G. ZINOVIEV."
            signed.insert(0, " ".join(block.text.split()))
        else:
            break
        end -= 1
    return body[:end] + signoffs, " ".join(signed) or None


def _signature(block: Block, author: str) -> bool:
    """A name line under the text; a heading too, where a page styles it so (<p class="author">)."""
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING) and is_signature(block, author)


# How a book citation ends: its publisher, its price or its page count ("Tavistock Publications,
# 65s.", "NLB 1979 / 236pp pb £4.75", "New York. Covici, Friede, $4.00", "Lawrence and Wishart").
_PUBLISHED = re.compile(
    r"\b(?:Press|Publishers?|Publishing|Publications|Books|Ltd\.?|Verlag|[ÉE]ditions|Wishart|Gollancz|"
    r"Penguin|Macmillan|Routledge|Verso|Pluto|Bookmarks|Scribner’?s?|Knopf|Harcourt)\b|"
    r"[£$]\s?\d|\d+\s?pp\b|\bpp\.\s?\d|\b\d{1,3}p\b|\b\d{1,2}s\b\.?(?:\s?\d{1,2}d)?|\b\d{1,2}/[-–]"
)
# Lower-case words of running prose that a citation line has no use for ("who died last week").
_PROSE_WORDS = frozenset("is are was were be been being has have had will would who which that we i he she they it".split())
_CITATION_LINE = 150  # a citation line is short; the review's prose is not
_QUOTED = ("“", '"', "‘", "'", "«")


def _peel_reviewed_work(body: list[Block], header: _Header) -> list[Block]:
    """A review opens with the book it reviews: short lines (title, author, publisher, price)
    before the first paragraph of prose. They are the review's header, not its text, and go
    to the header as 'Review of: Dark Strangers / Sheila Patterson / Tavistock Publications, 65s.'.
    Only when the last short line reads as a publisher, price or page count and prose follows;
    an epigraph (quoted, or set as a quotation) stays."""
    lead = []
    for block in body[:10]:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING) or len(block.text) > _CITATION_LINE:
            break
        lead.append(block)
    last = max((i for i, b in enumerate(lead) if _PUBLISHED.search(b.text)), default=None)
    if last is None or last + 1 >= len(body) or len(body[last + 1].text) <= _CITATION_LINE:
        return body
    citation = lead[: last + 1]
    if citation[0].text.startswith(_QUOTED) or any(b.hint in _QUOTE_HINTS or _is_prose(b.text) for b in citation):
        return body
    header.add("Review of", " / ".join(" ".join(b.text.split()) for b in citation), HeaderField.other)
    return body[last + 1 :]


_QUOTE_HINTS = frozenset({"blockquote", "quoteb", "quote"})


def _is_prose(text: str) -> bool:
    return sum(word in _PROSE_WORDS for word in re.findall(r"\b[a-z]+\b", text)) >= 2


def _notes(tail: list[Block]) -> list[Note]:
    notes = []
    end = len(tail)
    while end and (tail[end - 1].hint == "links" or tail[end - 1].kind in (BlockKind.RULE, BlockKind.NAV)):
        end -= 1  # link lists after the last note are the page's footer, not notes
    for block in tail[:end]:
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


# --- body, sign-offs, sections -------------------------------------------------------


# --- date, place, source, license -------------------------------------------------------


def _stated_date(header: _Header, title_date: str | None) -> DocDate | None:
    """The date the page states: written, else delivered, else the bracketed title date."""
    for raw, basis in (
        (header.first(HeaderField.written), DateBasis.written),
        (header.first(HeaderField.delivered), DateBasis.delivered),
        (title_date, DateBasis.title),
    ):
        if raw and (parsed := dates.parse_date(raw) or dates.find_date(raw)):
            return doc_date(parsed, parsed.matched or raw, basis)
    return None


def _fallback_date(header: _Header, signoffs: list[Signoff]) -> DocDate | None:
    """No stated date: the sign-offs' dates, else the first publication's."""
    dated = [s.date for s in signoffs if s.date is not None]
    if dated:
        return doc_date(combine_dates(dated), " & ".join(d.matched for d in dated), DateBasis.signoff)
    for raw in (header.first(HeaderField.first_published), header.first(HeaderField.source)):
        if raw and (parsed := dates.find_date(raw)):
            return doc_date(parsed, parsed.matched, DateBasis.published)
    return None


def _choose_place(header: _Header, signoffs: list[Signoff]) -> Place | None:
    for signoff in signoffs:
        if signoff.place is not None and signoff.place[0] is not None:
            return to_place(signoff.place)
    for meaning in (HeaderField.written, HeaderField.delivered):
        for value in header.values.get(meaning, []):
            if found := places.find_place(value):
                return to_place(found)
    for signoff in signoffs:
        if signoff.place is not None:
            return to_place(signoff.place)
    return None


def _dateline_place(body: list[Block]) -> Place | None:
    """'MEXICO, D.F. – May 9 – The ...', 'DETROIT – The ...': a place opening the first paragraph,
    before a date or a dash.  Not when the next paragraph opens the same way: 'AAU – ...',
    'ADGB – ...' is a glossary, not a dispatch."""
    paragraphs = [b for b in body if b.kind is BlockKind.PARAGRAPH][:2]
    if not paragraphs:
        return None
    first = paragraphs[0].text
    if _DATELINE.match(first) and (found := places.find_place(first[:80])) and first.startswith(found[1]):
        return to_place(found)
    if len(paragraphs) > 1 and (_DATELINE.match(paragraphs[1].text) or places.read_dateline(paragraphs[1].text)):
        return None
    found = places.read_dateline(first)
    return to_place(found) if found is not None else None


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
