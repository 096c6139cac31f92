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
from corpus.rejects import NotADocument, Rejected, RejectReason, SkipReason

PARSER_VERSION = "0.2.0"
SITE = "https://www.marxists.org/"

_LABELLED = re.compile(r"^(?P<label>[A-Z][^:\n]{0,48}?)\s*:\s*(?P<value>\S.*)$", re.S)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?\s*notes?\.?$|^notes? and references$|^references$", re.I)
_NOTE_MARK = re.compile(r"^\s*(?:\[(?P<b>[^\]]{1,6})\]|\((?P<p>\d{1,3}|[a-z*†‡])\)|(?P<n>\d{1,3}|\*+|†|‡)[.)]?)\s+")
_CHAPTER = re.compile(
    r"^(?:(?:chapter|chap\.|part|book|section|lecture|letter|appendix)\s+(?:\d{1,3}|(?-i:[IVXLC]+)|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth)\b)|"
    r"preface|foreword|introduction|afterword|postscript|epilogue|prologue|conclusion|"
    r"(?-i:[IVXLC]+)\.?$|(?-i:[IVXLC]+)[.:]\s|\d{1,3}\.\s)",
    re.I,
)
_ARCHIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0,3}Internet Archive|Encyclopedia of Trotskyism On-?Line|"
    r"Marxists[’']?\s+Internet Archive)"
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|third|fourth|fifth|sixth|seventh|"
    "eighth|ninth|tenth|last|final"
)
_CHAPTER_WORD = re.compile(
    r"^(?:(?:chapter|chap\.|lecture|letter|appendix|article)\s+(?:\d{1,3}|(?-i:[IVXLC]+)|"
    + _NUMBER_WORDS
    + r")\b|(?:preface|foreword|introduction|afterword|postscript|epilogue|prologue|conclusion)\b.{0,40}$)",
    re.I,
)
_CHAPTER_LABEL = re.compile(
    r"^(?:(?:chapter|chap\.|part|book|section|lecture|letter|appendix)\s+[\w.-]{1,12}|(?-i:[IVXLC]+)|\d{1,3})[.:]?$",
    re.I,
)
_SIGNATURE = re.compile(r"^(?:[A-ZÀ-Þ][\w’'.-]*\.?,?\s*){1,5}(?:\[[^\]]{1,40}\])?\.?$")
_CONTINUED = re.compile(
    r"^[(\[]?\s*(?:to be continued|continued|concluded|the end|end)\b.{0,40}[)\]]?\.?$|"
    r"^(?:further reading|see also|related reading)\s*:.{0,200}$",
    re.I,
)
_PAGE_MARKER = re.compile(r"^\s*(?:<\s*p(?:age|\.)?\s*\d+\s*>|\[\s*p(?:age|\.)?\s*\d+\s*\])\s*$", re.I)
_BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\.?$")
_ROLE_LINE = re.compile(r"^(?:for|on behalf of|president|chairman|secretary|general secretary|editor|"
                        r"the executive|the central committee|yours|fraternally|comradely|with)\b[^.!?]{0,100}[.,]?$",
                        re.I)
_LEAD_NOTE = re.compile(r"^\([^()]{3,120}\)\.?$")
_QUALIFIER = re.compile(r"\s*\(((?:extracts?|excerpts?|abridged|summary|fragments?|abstract)[^()]{0,30})\)$", re.I)
_CHAPTER_FILE = re.compile(r"^(?:ch|chap|chapter)[-_]?\d{1,3}\.x?html?$", re.I)
_TRAILING_YEAR = re.compile(r"(?:\s*[\[(](?:\d{4}|\d{1,3}|\*)[\])])+$")
_BRACKETED_TITLE = re.compile(r"^[(\[](?P<inner>[^)\]]+)[)\]]?\.?$", re.S)
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
    head, body, tail = _split_regions(blocks, _title_words(page))
    header = _Header()
    headings = _read_head(head, header)
    numbered_body = any(b.kind is not BlockKind.NOTE and len(b.text) < 20 and _CHAPTER_LABEL.match(b.text)
                        for b in body)
    author, title, subtitle, work_title, title_date = _titles(headings, page, numbered_body)
    body, signed = _trim_tail(body, header, author)
    notes = _notes(tail)
    if not body:
        if any(b.hint == "links" or b.kind is BlockKind.NAV and b.text.count("\n") >= 2 for b in page.blocks):
            raise NotADocument(SkipReason.toc, "no text, only a list of contents")
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
        signed=signed,
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


def _split_regions(blocks: list[Block], title_words: set[str]) -> tuple[list[Block], list[Block], list[Block]]:
    """head (title lines and header block) / body / tail (notes)."""
    start = len(blocks)
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.PARAGRAPH or _is_header_like(b) or _is_title_date(b):
            continue
        if _PAGE_MARKER.match(b.text) or b.hint == "links":
            continue  # page numbers and the page's own contents list are not where the text starts
        if i < 12 and _LEAD_NOTE.match(b.text) and not _is_title_date(b):
            # "(Third of a series of articles)" above the text: a subtitle, not the text.
            blocks[i] = Block(BlockKind.HEADING, b.text, level=4, hint=b.hint)
            continue
        if i < 6 and _is_title_paragraph(b, title_words):
            # Older pages set the title lines as plain paragraphs ("by Albert Weisbord").
            blocks[i] = Block(BlockKind.HEADING, b.text, level=2 if _BYLINE.match(b.text) else 3, hint=b.hint)
            continue
        start = i
        break
    # The tail starts at a "Notes" heading, or where nothing but notes and furniture follow.
    end = next((i for i in range(len(blocks) - 1, start - 1, -1)
                if blocks[i].hint != "links" and _NOTES_HEADING.match(blocks[i].text)), len(blocks))
    while end > start and blocks[end - 1].kind in (BlockKind.NOTE, BlockKind.RULE, BlockKind.HEADING):
        end -= 1
    body = blocks[start:end]
    notes = [b for b in body if b.kind is BlockKind.NOTE]
    head = [b for b in blocks[:start] if not _PAGE_MARKER.match(b.text) and b.hint != "links"]
    return head, [b for b in body if b.kind is not BlockKind.NOTE], notes + blocks[end:]


def _title_words(page: Page) -> set[str]:
    return set(re.findall(r"\w+", (page.html_title or "").lower()))


def _is_title_paragraph(block: Block, title_words: set[str]) -> bool:
    """A short line above the text that is the page's <title> (or part of it), or a byline."""
    text = block.text
    if len(text) > 150 or "\n\n" in text:
        return False
    if _BYLINE.match(text):
        return True
    words = re.findall(r"\w+", text.lower())
    return bool(words) and len(words) >= 2 and all(w in title_words for w in words)


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
        value = value.strip().lstrip(":").strip().rstrip(";").strip()
        if not label and not value:
            continue
        meaning = field_of_label(label) if label else (field_of_prose(value) or HeaderField.other)
        header.add(label, value, meaning)


def _trim_tail(body: list[Block], header: _Header, author: str) -> tuple[list[Block], str | None]:
    """Peel what follows the text off the end of the body.

    Older pages put 'Transcribed by ...' / license lines after the text (they go to the header);
    link lists and '(To be continued)' are furniture; a short name line is the signature, with
    the role line above it. Sign-off lines (place, date) among them stay for `_sections`.
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
        elif not signed and block.kind is BlockKind.PARAGRAPH and _is_signature(block, author):
            signed.append(" ".join(block.text.split()))
        elif signed and block.kind is BlockKind.PARAGRAPH and _ROLE_LINE.match(block.text):
            # "President of the Executive Committee of the Communist International" / "G. ZINOVIEV."
            signed.insert(0, " ".join(block.text.split()))
        elif signed and len(signoffs) < 2 and _signoff(block, None) is not None:
            signoffs.insert(0, block)
        else:
            break
        end -= 1
    return body[:end] + signoffs, " ".join(signed) or None


def _is_signature(block: Block, author: str) -> bool:
    """'G. ZINOVIEV.', 'E.B.B.', 'Alex Callinicos', 'George Edwards [Ted Grant]' under the text."""
    text = " ".join(block.text.split())
    if len(text) > 48 or not _SIGNATURE.match(text):
        return False
    author_words = {w for w in re.findall(r"\w{3,}", author.lower())}
    return (
        bool(author_words & set(re.findall(r"\w{3,}", text.lower())))
        or bool(re.search(r"\b[A-Z]\.", text))
        or text.isupper()
        or block.hint in ("right", "sig", "sign", "signature")
    )


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
    text = re.sub(r"\s+\d{4}$", "", _BYLINE.sub(r"\g<name>", text)).split(": ", 1)[0]
    words = text.split()
    return (
        0 < len(words) <= 8
        and not any(ch.isdigit() for ch in text)
        and not text.endswith(("?", "!"))
        and not re.search(r"[“”\"]|['’]s\b", text)
    )


def _flatten(heading: str) -> str:
    """A heading broken over lines: 'Chapter V<br>The Taproot' -> 'Chapter V: The Taproot'."""
    lines = [ln.strip() for ln in heading.split("\n") if ln.strip()]
    if len(lines) > 1 and _CHAPTER_LABEL.match(lines[0]):
        sep = " " if lines[0].endswith((".", ":")) else ": "
        return lines[0] + sep + " ".join(lines[1:])
    return " ".join(lines)


def _pick_chapter(below: list[Block], numbered_body: bool) -> int | None:
    """The heading naming this page's chapter: the last explicit one ("Chapter IV. ..."), else the
    last numbered one ("IV. The Story of ..."); a bare number ("I") heads a section of the text."""
    explicit = [i for i, h in enumerate(below) if _CHAPTER_WORD.match(h.text)]
    if explicit:
        return explicit[-1]
    # A bare "V" is this page's part number, unless the text goes on with "II", "III": then it is
    # the first section's number.
    numbered = [i for i, h in enumerate(below)
                if _CHAPTER.match(h.text) and not (_CHAPTER_LABEL.match(h.text) and numbered_body)]
    return numbered[-1] if numbered else None


def _titles(headings: list[Block], page: Page, numbered_body: bool = False):
    """author, title, subtitle, work_title, title date (raw) from the title lines."""
    title_date = None
    lines: list[Block] = []
    for h in headings:
        flat = " ".join(h.text.split())
        if not flat:
            continue
        if title_date is None and h.level != 1 and (raw := _title_date(flat)):
            title_date = raw
            continue
        lines.append(Block(BlockKind.HEADING, h.text.strip(), level=h.level or 3, hint=h.hint))
    h1 = next((i for i, h in enumerate(lines) if h.level == 1), None)
    if h1 is not None and _h1_is_author(lines, h1, page):
        lines[h1] = Block(BlockKind.HEADING, lines[h1].text, level=2)
        h1 = next((i for i, h in enumerate(lines) if i > h1 and not _looks_like_name(h.text)), None)
        if h1 is not None:
            lines[h1] = Block(BlockKind.HEADING, lines[h1].text, level=1)
    author_i = next(
        (i for i, h in enumerate(lines[: h1 if h1 is not None else len(lines)])
         if h.level >= 2 and (h.hint == "author" or _looks_like_name(h.text.split("\n")[0].rstrip(":")))),
        None,
    )
    if author_i is None:  # "<h1>Barricades in Barcelona</h1><p>By Albert Weisbord</p>"
        author_i = next((i for i, h in enumerate(lines) if _BYLINE.match(h.text)), None)
    work_title = subtitle = None
    if author_i is not None:
        author, _, rest = lines[author_i].text.partition("\n")
        if not author.rstrip().endswith(":"):
            author, rest = " ".join(lines[author_i].text.split()), ""
            if ": " in author:  # "August Thalheimer: Introduction to Dialectical Materialism"
                author, rest = author.split(": ", 1)
                author += ":"
        if m := _BYLINE.match(author):
            author = m["name"]
        if m := re.search(r"\s+(\d{4})$", author):  # "Frederick Engels 1887"
            author = author[: m.start()]
            title_date = title_date or m[1]
        if rest and author.rstrip().endswith(":"):  # "Rudolf Hilferding:<br>Böhm-Bawerk's Criticism of Marx"
            work_title = _flatten(rest)
        author = author.strip().rstrip(":")
    else:
        author = _fallback_author(page)
    others = [i for i in range(len(lines)) if i != author_i]
    title_i = h1 if h1 is not None else (others[0] if others else None)
    title = _flatten(lines[title_i].text) if title_i is not None else _html_title(page)
    above = [lines[i] for i in others if title_i is not None and i < title_i]
    below = [lines[i] for i in others if title_i is not None and i > title_i]
    title_is_chapter = bool(title and _CHAPTER_WORD.match(title))
    if title and _CHAPTER_LABEL.match(title) and below:  # "Chapter Two" / "VALUE AND AVERAGE PROFIT"
        title = f"{title}: {_flatten(below.pop(0).text)}"
    elif title_is_chapter:
        pass
    elif (chapter := _pick_chapter(below, numbered_body)) is not None:
        # "Thomas More and his Utopia" / ... / "Chapter IV. More as Politician": the chapter is the title.
        work_title, title = title, _flatten(below[chapter].text)
        if _CHAPTER_LABEL.match(title) and chapter + 1 < len(below):
            title = f"{title}: {_flatten(below[chapter + 1].text)}"
            chapter += 1
        below = below[chapter + 1:]
    elif below and _CHAPTER_FILE.match(page.path.rsplit("/", 1)[-1]) and not numbered_body:
        # ".../ch28.htm" with a book title and a heading under it: the heading is the chapter's title.
        work_title, title = title, _flatten(below.pop(0).text)
    elif above and work_title is None:
        work_title = _flatten(above[-1].text)
    if below:
        subtitle = _flatten(below[0].text)
    if not author:
        raise Rejected(RejectReason.no_author, "no author line, <title> author or meta author found")
    if not title:
        raise Rejected(RejectReason.no_title, "no title line found")
    title = _TRAILING_YEAR.sub("", title).strip()
    if m := _QUALIFIER.search(title):  # "The Foreign Policy of Soviet Russia (extracts)"
        title, subtitle = title[: m.start()].strip(), subtitle or m[1]
    return " ".join(author.split()).rstrip(","), " ".join(title.split()), subtitle, work_title, title_date


def _h1_is_author(lines: list[Block], h1: int, page: Page) -> bool:
    """'<h1>James P. Cannon</h1><h3>The Lost Leader</h3>': the h1 is the author when it looks like a
    name, comes first, and the <title> names the heading below it but not the h1."""
    if h1 != 0 or len(lines) < 2 or not _looks_like_name(lines[0].text):
        return False
    words = _title_words(page)
    in_title = lambda text: all(w in words for w in re.findall(r"\w+", text.lower()))  # noqa: E731
    return not in_title(lines[0].text) and in_title(lines[1].text)


def _title_date(text: str) -> str | None:
    """'(June/August 1940)', '1920', '16 December 1960': a title line that is only a date."""
    m = _BRACKETED_TITLE.match(text)
    inner = (m["inner"] if m else text).strip()
    if len(inner) > 60:
        return None
    parsed = dates.parse_date(inner)
    if parsed is None:
        return None
    if m or _bare_year(inner) or len(parsed.matched) >= 0.8 * len(inner.strip(" .")):
        return inner
    return None


def _bare_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text.strip()))


def _fallback_author(page: Page) -> str | None:
    """No author line: the '<Author>: <Title>' of <title>, else <meta name="author">."""
    if page.html_title and ":" in page.html_title:
        candidate = page.html_title.split(":", 1)[0].strip()
        if _looks_like_name(candidate):
            return candidate
    return (page.meta.get("author") or "").strip() or None


def _html_title(page: Page) -> str | None:
    if not page.html_title:
        return None
    title = page.html_title.split(":", 1)[-1]
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).strip() or None


# --- body, sign-offs, sections -------------------------------------------------------


def _signoff(block: Block, default_year: int | None) -> _Signoff | None:
    """A short block whose every line is a place, a date, or a place and a date."""
    if block.kind is not BlockKind.PARAGRAPH or block.hint in ("cell", "links", "blockquote", "quoteb", "quote"):
        return None
    lines = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
    if len(lines) == 1 and not re.search(r"[^\W\d_]", lines[0]) and block.hint not in ("right", "date", "sig"):
        return None  # a lone "1917" or "1927-28" in the text is a heading or a table entry, not a sign-off
    if not lines or len(lines) > 4 or any(len(ln) > _MAX_SIGNOFF_LINE for ln in lines):
        return None
    date = None
    place = None
    for line in lines:
        line_date = dates.parse_date(line, default_year=default_year)
        found = places.find_place(line)
        if found is None and line_date is None and places.looks_like_place_line(line):
            found = (places.resolve_place(line), line)
        if found is None and line_date is None:
            return None
        leftover = line
        for part in (line_date.matched if line_date else "", found[1] if found else ""):
            leftover = leftover.replace(part, " ", 1) if part else leftover
        if len(re.findall(r"[^\W\d_]{2,}", leftover)) > 2:
            return None  # a sentence that mentions a date ("at the beginning of April 1917, he wrote:")
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
    content = [i for i, b in enumerate(body) if b.kind is not BlockKind.RULE and b.text.strip()]
    edges = {content[0], content[-1]} if content else set()
    for i, block in enumerate(body):
        if block.kind is BlockKind.RULE:
            continue
        text = block.text.strip()
        if not text:
            continue
        signoff = _signoff(block, default_year)
        if signoff is not None and not (i in edges or signoff.place is not None or _precise(signoff.date)):
            signoff = None  # "1917" alone amid a chapter is a table row or a heading, not a sign-off
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


def _precise(date: dates.ParsedDate | None) -> bool:
    return date is not None and date.precision in ("day", "month", "season")


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
