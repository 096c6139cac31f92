"""Title lines: who wrote the page, what it is called, which book it belongs to, its title date.

MIA pages set these as headings (h2 author, h1 title, h3 "(June 1940)"), as styled paragraphs,
as bylines ("By Albert Weisbord"), or leave them to <title>; chapter pages add the book's title
and a chapter heading. `read_title_lines` sorts the heading blocks above the text into
author, title, subtitle, work title and title date, for both formats.
"""

from __future__ import annotations

import re

from corpus import dates
from corpus.blocks import Block, BlockKind, Page
from corpus.rejects import Rejected, RejectReason

_CHAPTER = re.compile(
    r"^(?:(?:chapter|chap\.|part|book|section|lecture|letter|appendix)\s+(?:\d{1,3}|(?-i:[IVXLC]+)|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth)\b)|"
    r"preface|foreword|introduction|afterword|postscript|epilogue|prologue|conclusion|"
    r"(?-i:[IVXLC]+)\.?$|(?-i:[IVXLC]+)[.:]\s|\d{1,3}\.\s)",
    re.IGNORECASE,
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
    re.IGNORECASE,
)
CHAPTER_LABEL = re.compile(
    r"^(?:(?:chapter|chap\.|part|book|section|lecture|letter|appendix)\s+[\w.-]{1,12}|(?-i:[IVXLC]+)|\d{1,3})[.:]?$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\.?$")
_QUALIFIER = re.compile(r"\s*\(((?:extracts?|excerpts?|abridged|summary|fragments?|abstract)[^()]{0,30})\)$", re.IGNORECASE)
_CHAPTER_FILE = re.compile(r"^(?:ch|chap|chapter)[-_]?\d{1,3}\.x?html?$", re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"(?:\s*[\[(](?:\d{4}|\d{1,3}|\*)[\])])+$")
BRACKETED_TITLE = re.compile(r"^[(\[](?P<inner>[^)\]]+)[)\]]?\.?$", re.DOTALL)


def title_words(page: Page) -> set[str]:
    return set(re.findall(r"\w+", (page.html_title or "").lower()))


def is_title_paragraph(block: Block, title_words: set[str]) -> bool:
    """A short line above the text that is the page's <title> (or part of it), or a byline."""
    text = block.text
    if len(text) > 150 or "\n\n" in text:
        return False
    if BYLINE.match(text):
        return True
    words = re.findall(r"\w+", text.lower())
    return bool(words) and len(words) >= 2 and all(w in title_words for w in words)


def is_title_date(block: Block) -> bool:
    m = BRACKETED_TITLE.match(block.text)
    return bool(m) and len(block.text) < 80 and dates.parse_date(m["inner"]) is not None


def _looks_like_name(text: str) -> bool:
    text = re.sub(r"\s+\d{4}$", "", BYLINE.sub(r"\g<name>", text)).split(": ", 1)[0]
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
    if len(lines) > 1 and CHAPTER_LABEL.match(lines[0]):
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
                if _CHAPTER.match(h.text) and not (CHAPTER_LABEL.match(h.text) and numbered_body)]
    return numbered[-1] if numbered else None


def read_title_lines(headings: list[Block], page: Page, numbered_body: bool = False):
    """author, title, subtitle, work_title, title date (raw) from the title lines."""
    title_date = None
    lines: list[Block] = []
    for h in headings:
        flat = " ".join(h.text.split())
        if not flat:
            continue
        if title_date is None and h.level != 1 and (raw := title_date_of(flat)):
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
        author_i = next((i for i, h in enumerate(lines) if BYLINE.match(h.text)), None)
    work_title = subtitle = None
    if author_i is not None:
        author, _, rest = lines[author_i].text.partition("\n")
        if not author.rstrip().endswith(":"):
            author, rest = " ".join(lines[author_i].text.split()), ""
            if ": " in author:  # "August Thalheimer: Introduction to Dialectical Materialism"
                author, rest = author.split(": ", 1)
                author += ":"
        if m := BYLINE.match(author):
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
    if title and CHAPTER_LABEL.match(title) and below:  # "Chapter Two" / "VALUE AND AVERAGE PROFIT"
        title = f"{title}: {_flatten(below.pop(0).text)}"
    elif title_is_chapter:
        pass
    elif (chapter := _pick_chapter(below, numbered_body)) is not None:
        # "Thomas More and his Utopia" / ... / "Chapter IV. More as Politician": the chapter is the title.
        work_title, title = title, _flatten(below[chapter].text)
        if CHAPTER_LABEL.match(title) and chapter + 1 < len(below):
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
    words = title_words(page)
    in_title = lambda text: all(w in words for w in re.findall(r"\w+", text.lower()))
    return not in_title(lines[0].text) and in_title(lines[1].text)


def title_date_of(text: str) -> str | None:
    """'(June/August 1940)', '1920', '16 December 1960': a title line that is only a date."""
    m = BRACKETED_TITLE.match(text)
    inner = (m["inner"] if m else text).strip()
    if len(inner) > 60:
        return None
    parsed = dates.parse_date(inner)
    if parsed is None:
        return None
    if m or bare_year(inner) or len(parsed.matched) >= 0.8 * len(inner.strip(" .")):
        return inner
    return None


def bare_year(text: str) -> bool:
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
