"""Title lines: who wrote the page, what it is called, which book it belongs to, its title date.

MIA pages set these as headings (h2 author, h1 title, h3 "(June 1940)"), as styled paragraphs,
as bylines ("By Albert Weisbord"), or leave them to <title>; chapter pages add the book's title
and a chapter heading. `read_title_lines` sorts the heading blocks above the text into
author, title, subtitle, work title and title date, for both formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_NUMBERED_CHAPTER = re.compile(r"^(?:chapter|chap\.|part|lecture|section)\s+(?:\d{1,3}|(?-i:[IVXLC]+))\b", re.IGNORECASE)
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


# Lower-case words a name (or a list of names) may hold: "Rosa de Luxemburg", "Ludwig von Mises",
# "Tony Cliff and Ian Birchall". Any other lower-case word ("Russia in 1919") makes a phrase.
_NAME_PARTICLES = frozenset(
    "and & de del della di da do dos das du van von der den la le y e et al bin ibn ten ter zu".split()
)
# Words that open a title, never a name: "The Trade Unions", "Our Task", "Chapter I", "Article IV".
_NOT_NAME_OPENERS = frozenset(
    "the a an our my his her their its this these on of in to for from what why how who when where "
    "chapter part section book volume appendix preface introduction foreword notes note letter "
    "speech report resolution statement article annex protocol".split()
)
# Words a title holds, capitalised or not, that a name does not: "Growth Of Trade Unionism",
# "Biographical Sketch", "Cuban History".
_TITLE_WORDS = frozenset(
    "of in on for the to with from at about against under is are was history biography biographies "
    "biographical sketch chronology index works writings download glossary encyclopedia library".split()
)


def _name_shaped(text: str) -> bool:
    """Short, no digits, no quotes: where title lines put a name (or, often, a book's title)."""
    text = _bare_name(text)
    words = text.split()
    return (
        0 < len(words) <= 8
        and not any(ch.isdigit() for ch in text)
        and not text.endswith(("?", "!"))
        and not re.search(r"[“”\"]|['’]s\b", text)
    )


# The archive naming itself or one of its sections in the title lines ("MIA: Writers: Lenin",
# "John Reed Internet Archive", "History Archive: Soviet Union"): furniture, never an author.
_ARCHIVE_NAME = re.compile(
    r"^(?:MIA|Marxists?['’]? Internet Archive|Marxist Writers|Marxist History|History Archive)\b|"
    r"\bInternet Archive\b|\bArchive$",
    re.IGNORECASE,
)


# "New International, September-October 1934", "International Socialist Review, Fall 1960": a
# periodical and its issue, where a name would stand.
_ISSUE_DATE = re.compile(
    r",\s*(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Spring|Summer|Autumn|Fall|Winter)\b[\w\s–-]*\d{4}\s*$"
)


def _looks_like_name(text: str) -> bool:
    """Name-shaped and worded like a name: no title opener ("The", "Chapter"), no function word
    ("of", "in"), no lower-case word but name particles; not the archive's own name."""
    if not _name_shaped(text) or _ARCHIVE_NAME.search(text.strip()) or _ISSUE_DATE.search(text):
        return False
    words = _bare_name(text).split()
    opener = words[0].lower().rstrip(",:") if len(words[0]) <= 2 else words[0].lower().rstrip(",.:")
    return (
        opener not in _NOT_NAME_OPENERS
        and (words[-1].rstrip(".,;") not in _NAME_PARTICLES or words[-1] == "al.")  # "Marx and", not "et al."
        and all(re.search(r"[^\W\d_]", w) or w == "&" for w in words)  # "* * *"
        and not any(w.rstrip(".,;").lower() in _TITLE_WORDS for w in words)
        and not any(w[:1].islower() and w.rstrip(".,;") not in _NAME_PARTICLES for w in words)
    )


def _bare_name(text: str) -> str:
    """'By Albert Weisbord' -> 'Albert Weisbord'; 'Frederick Engels 1887' -> 'Frederick Engels';
    'August Thalheimer: Introduction to ...' -> 'August Thalheimer'."""
    return re.sub(r"\s+[(\[]?\d{4}[)\]]?$", "", BYLINE.sub(r"\g<name>", text)).split(": ", 1)[0]


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


@dataclass(frozen=True, slots=True)
class TitleLines:
    """What the title lines say."""

    author: str
    title: str
    subtitle: str | None
    work_title: str | None  # the book or periodical the page belongs to
    title_date: str | None  # a date line among them, raw ("(June 1940)")
    author_note: str | None  # a role or pen-name note under the name ("President of the ...")


def read_title_lines(headings: list[Block], page: Page, numbered_body: bool = False) -> TitleLines:
    """Author, title, subtitle, work title, title date and author note from the title lines."""
    title_date = author_note = None
    lines: list[Block] = []
    for h in headings:
        flat = " ".join(h.text.split())
        if not flat:
            continue
        if title_date is None and h.level != 1 and (raw := title_date_of(flat)):
            title_date = raw
            continue
        if _ARCHIVE_NAME.search(flat.split(": ", 1)[0]):
            continue  # "MIA: Writers: Lenin: ...", "John Reed Internet Archive": the site's breadcrumb
        if sum(bool(_NUMBERED_CHAPTER.match(line)) for line in h.text.split("\n")) >= 3:
            continue  # "Chapter 1. Iron and empires<br>Chapter 2. Ancient India<br>…": the part's contents
        lines.append(Block(BlockKind.HEADING, h.text.strip(), level=h.level or 3, hint=h.hint))
    h1 = next((i for i, h in enumerate(lines) if h.level == 1), None)
    if h1 is not None and _h1_is_author(lines, h1, page):
        lines[h1] = Block(BlockKind.HEADING, lines[h1].text, level=2)
        h1 = next((i for i, h in enumerate(lines) if i > h1 and not _looks_like_name(h.text)), None)
        if h1 is not None:
            lines[h1] = Block(BlockKind.HEADING, lines[h1].text, level=1)
    above_h1 = list(enumerate(lines[: h1 if h1 is not None else len(lines)]))
    # h5/h6 lines head sections of the text ("Major Post-War Strikes"): an author there says so.
    author_i = next((i for i, h in above_h1 if h.hint == "author" and h.level >= 2
                     or 2 <= h.level <= 4 and _looks_like_name(_first_line(h))), None)
    byline_i = next((i for i, h in enumerate(lines) if BYLINE.match(h.text)), None)
    # "<h1>Barricades in Barcelona</h1><p>By Albert Weisbord</p>"; and a name-shaped line right
    # above a byline ("Remember Sacco and Vanzetti" / "By Vera B. Weisbord") is the title it signs.
    if byline_i is not None and (author_i is None or byline_i == author_i + 1):
        author_i = byline_i
    elif (author_i is not None and len(lines) == 1 and lines[0].hint != "author"
          and _flatten(lines[0].text).lower() == " ".join((page.html_title or "").split()).lower()):
        author_i = None  # the page's only heading, and its <title>: "Afro-American Guerilla Warfare"
    # Where a name would stand, a name-shaped line that is no name ("Britain in the World Front",
    # "The Trade Unions: ...") is the book or periodical the page belongs to, not its title.
    book_i = None if author_i is not None else next(
        (i for i, h in above_h1 if h.level == 2 and _name_shaped(_first_line(h)) and i + 1 < len(lines)), None)
    work_title = subtitle = None
    if book_i is not None:
        work_title = _flatten(lines[book_i].text)
    if author_i is not None:
        author, book, year, author_note = _read_author_line(lines[author_i].text)
        work_title, title_date = book or work_title, title_date or year
        author = _expand_initials(author, page)
    else:
        author = _fallback_author(page)
    others = [i for i in range(len(lines)) if i not in (author_i, book_i)]
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
    author = " ".join(author.split()).rstrip(",")
    if author.isupper() and any(len(word) >= 4 and re.search("[AEIOUY]", word)
                                for word in re.findall(r"[^\W\d_]+", author)):
        author = author.title()  # "J. C. MARIATEGUI" -> "J. C. Mariategui" (but "GIK", "SNCC", "J.P.C." stay)
    if author.endswith(".") and "." not in (last := author.rsplit(" ", 1)[-1])[:-1] and len(last) > 3:
        author = author[:-1]  # "by Lance Sharkey." (but "E.B.B." and "Martin Jr." keep theirs)
    return TitleLines(author, " ".join(title.split()), subtitle, work_title, title_date, author_note)


def _first_line(heading: Block) -> str:
    """The line a name would be on; two when the first ends in a joiner ("Tony Cliff &<br>Robin Peterson")."""
    lines = heading.text.split("\n")
    first = lines[0].rstrip(":")
    if len(lines) > 1 and re.search(r"(?:\s&|\sand|,)$", first):
        return f"{first} {lines[1]}"
    return first


def _read_author_line(text: str) -> tuple[str, str | None, str | None, str | None]:
    """An author line: (name, the book it names, a year or month it names, a note on the author).

    "Leon Trotsky" / "By Albert Weisbord" / "Frederick Engels 1887" / "Trotsky February 1926";
    "Rudolf Hilferding:<br>Böhm-Bawerk's Criticism of Marx" and "August Thalheimer: Introduction to
    ..." name a book; so does "Arthur Ransome<br>Russia in 1919", a name over a line that is none.
    "Walter<br>(IEC member, POS/SAP Belgium)" notes the author's role."""
    author, _, rest = text.partition("\n")
    if rest and _looks_like_name(author) and (m := _NOTE_LINE.match(" ".join(rest.split()))):
        return author.strip(), None, None, m[1]
    if (rest and not author.rstrip().endswith(":") and ": " not in author and _looks_like_name(author)
            and not _looks_like_name(rest) and not title_date_of(" ".join(rest.split()))):
        author += ":"
    if not author.rstrip().endswith(":"):
        author, rest = " ".join(text.split()), ""
        if ": " in author:
            author, rest = author.split(": ", 1)
            author += ":"
    if m := BYLINE.match(author):
        author = m["name"]
    year = None
    if m := _AUTHOR_DATE.search(author.rstrip(":")):
        author = author[: m.start()] + (":" if author.endswith(":") else "")
        year = m[1]
    book = _flatten(rest) if rest and author.rstrip().endswith(":") else None
    return author.strip().rstrip(":"), book, year, None


_NOTE_LINE = re.compile(r"^\(([^()]{3,120})\)\.?$")


def _h1_is_author(lines: list[Block], h1: int, page: Page) -> bool:
    """'<h1>James P. Cannon</h1><h3>The Lost Leader</h3>': the h1 is the author when it looks like a
    name, comes first, and the <title> names the heading below it but not the h1 — or names the
    h1 as its author, "James P. Cannon: Even A Browder Can Learn (July 1931)"."""
    if h1 != 0 or len(lines) < 2 or not _looks_like_name(lines[0].text):
        return False
    words = title_words(page)
    named, colon, rest = (page.html_title or "").partition(":")
    if colon and " ".join(named.split()).lower() == " ".join(lines[0].text.split()).lower():
        words = set(re.findall(r"\w+", rest.lower()))  # the title after the author it names
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
    """No author line: the '<Author>: <Title>' of <title>, else <meta name="author">, else the
    '<Title> by <Author>' of <title>."""
    if page.html_title and ":" in page.html_title:
        candidate = page.html_title.split(":", 1)[0].strip()
        if _looks_like_name(candidate):
            return _bare_name(candidate)  # "J. C. Mariategui (1924): History of ..." -> the name
    if (meta := (page.meta.get("author") or "").strip()) and not _ARCHIVE_NAME.search(meta):
        return meta
    if page.html_title and (m := _TITLE_BY.search(page.html_title)):
        return m["name"]
    return None


_AUTHOR_DATE = re.compile(
    r"\s+[(\[]?((?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"\d{4})[)\]]?$"
)
_TITLE_BY = re.compile(r"\bby\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,4})(?:,?\s+\d{4})?\s*$")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?[.\s—–-]*){1,4}(?:[a-z]\.?)?$")


def _expand_initials(author: str, page: Page) -> str:
    """'M.S.', 'S.', 'F.M.', 'S—n': a page signed with initials. When <meta name="author"> names
    someone whose initials these are ('Max Shachtman'), that name is the author."""
    if not _INITIALS.match(author.strip()):
        return author
    meta = re.split(r"[,;/]| and ", page.meta.get("author") or "", maxsplit=1)[0].strip()
    if not meta or not _looks_like_name(meta) or _INITIALS.match(meta):
        return author
    letters = [c for c in author if c.isupper()]
    name_initials = iter(w[0] for w in meta.split() if w[:1].isupper())
    return meta if all(letter in name_initials for letter in letters) else author


def _html_title(page: Page) -> str | None:
    if not page.html_title:
        return None
    title = page.html_title.split(":", 1)[-1]
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).strip() or None
