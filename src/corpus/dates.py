"""Read the dates written on Marxists Internet Archive pages into EDTF.

Pure functions, no I/O, no other corpus imports.  Three entry points:

* `parse_date(raw)`  - a string that is (mostly) a date: a header value
  ("17 June & 2 August 1940.", "ca. February-March 1925", "Autumn 1954"),
  a title date "(June/August 1940)", a sign-off line ("August 2" plus
  `default_year`).  Returns the first date found in it, or None.
* `find_date(text)`  - the first date inside longer text ("From Labor Action,
  Vol. 5 No. 34, 25 August 1941. p. 3.").  Stricter: issue/page numbers are
  never days, bare two-digit decades ("30's") are not read (could be an age),
  and `default_year` is only used when a day is written.
* `edtf_bounds(edtf)` - the (start, end) days of an EDTF string this module
  produces; raises ValueError otherwise.

How it works: the text is cut into tokens by one pre-compiled regex (month
names, numbers, seasons, decades, connectors such as "-", "/", "&", "(",
qualifiers such as "ca." or "?").  A small recursive-descent reader then reads
*points* (a day, month, season, year or decade, possibly partial: "9" in
"9/10 February 1929") joined by connectors into a range, a set, or an Old
Style / New Style double date, fills in the missing parts from the
neighbours, checks that the days exist, and builds the EDTF string.

Choices (documented because EDTF leaves them open):

* "Early/Mid/Late X", "ca. X", "about X" keep X's own precision and only set
  `approximate` ("Early 1930" -> "1930~", the whole year).  Narrowing to a
  third of the year would claim a precision nobody wrote.
* Seasons are meteorological, northern hemisphere: spring Mar-May, summer
  Jun-Aug, autumn/fall Sep-Nov, and winter Y = December Y .. February Y+1
  (the winter that begins in Y, so a year filter on Y finds "Winter Y");
  "Winter 1966/67" -> "1966-24".
* Numeric dates: ISO "1940-06-17" and "1940-06"; "d.m.yyyy" / "d/m/yyyy" are
  read when unambiguous (one part > 12, so "7.25.2009" is July 25); when
  both parts are <= 12 a dotted date is read European-style day.month (the
  archive's own "Last updated 2.11.2003" stamps), a slashed one is skipped.
* Double dates: "October 11/24, 1917", "October 25 (November 7), 1917",
  "January 8 (21), 1918" are read as Old Style / New Style only when the
  second day is exactly the Julian-Gregorian offset after the first (10, 11,
  12 or 13 days by century) and falls before 14 February 1918 (Russia's
  switch); the result is the New Style day with calendar="julian".  Any other
  "/" pair is a range ("9/10 February 1929"); any other "(...)" is ignored.
  A lone date marked "O.S."/"old style" is converted by adding the offset.
* A bare year counts only between 1700 and 2029; a year next to a month or
  season may be 1500..2099.
* "X or Y" gives an EDTF one-of set "[X,Y]"; "X, Y and Z" an all-of set.
* Dates that do not exist ("30 February 1920") give None, and `find_date`
  skips past them rather than reading a fragment ("February 1920") of them.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import functools
import re
from dataclasses import dataclass

__all__ = ["ParsedDate", "edtf_bounds", "find_date", "parse_date"]

# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------

# Every spelling of a month that we read, lower case, without a trailing dot.
MONTHS: dict[str, int] = {
    # English, full and abbreviated
    "january": 1, "jan": 1,
    "february": 2, "feb": 2, "febr": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
    "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "decembre": 12,
    # German (mai, april, august, september, november shared above)
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6,
    "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
    # Italian (marzo, agosto shared above)
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
}

# Unambiguous misspellings seen on the archive (or close cousins of them).
# Kept apart from MONTHS so the real names stay easy to read.
MONTH_TYPOS: dict[str, int] = {
    "mach": 3,  # "Written: Mach 5, 1918" (Lenin archive)
    "janaury": 1, "janury": 1,
    "febuary": 2, "feburary": 2, "februray": 2, "februrary": 2,
    "apirl": 4,
    "agust": 8, "augusst": 8, "auguat": 8,
    "setpember": 9, "septmber": 9, "septemeber": 9,
    "ocotber": 10, "octber": 10,
    "novemember": 11, "novmber": 11, "noveber": 11,
    "decemeber": 12, "decmber": 12, "dicember": 12,
}

# EDTF level-1 season codes.
SEASONS: dict[str, int] = {
    "spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24,
    "printemps": 21, "été": 22, "automne": 23, "hiver": 24,
    "frühling": 21, "frühjahr": 21, "sommer": 22, "herbst": 23,
    "primavera": 21, "verano": 22, "otoño": 23, "invierno": 24,
    "estate": 22, "autunno": 23, "inverno": 24,
}

# (first month, number of months) of each season; winter Y begins in December of Y, so that
# "Winter 2009" falls in 2009 for a year filter and "Winter 1966/67" is Dec 1966 .. Feb 1967.
SEASON_SPAN: dict[int, tuple[int, int]] = {21: (3, 3), 22: (6, 3), 23: (9, 3), 24: (12, 3)}

# Words before a number that make it an issue/page/volume number, not a day.
NUMBER_LABELS: frozenset[str] = frozenset(
    ["no", "nos", "nr", "nrs", "vol", "vols", "volume", "p", "pp", "page", "pages", "issue", "issues", "number", "numbers", "num", "chapter", "chap", "ch", "art", "article", "part", "section", "sec", "op", "f", "d", "ll", "l", "t", "tome", "bd", "heft", "n°", "no°", "whole"]
)

# Filler words allowed inside or in front of a date ("the 3rd of May",
# "1 de mayo de 1920", "early in 1914", "from 1917 to 1920").
FILLERS: frozenset[str] = frozenset(["of", "the", "de", "del", "in", "on", "from", "le", "el", "am", "du"])

PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "season": 2, "year": 3, "decade": 4}

# Dates of the Julian -> Gregorian offset changes, as Julian (y, m, d).
# Russia went from Julian 31 January 1918 to Gregorian 14 February 1918.
JULIAN_OFFSETS: tuple[tuple[tuple[int, int, int], int], ...] = (
    ((1900, 3, 1), 13),
    ((1800, 3, 1), 12),
    ((1700, 3, 1), 11),
)
RUSSIAN_SWITCH_JULIAN = (1918, 2, 1)
RUSSIAN_SWITCH = datetime.date(1918, 2, 14)

BARE_YEAR_MIN, BARE_YEAR_MAX = 1700, 2029
YEAR_MIN, YEAR_MAX = 1500, 2099

# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

_L = r"[^\W\d_]"  # one letter, any script
_NOT_L_BEFORE = rf"(?<!{_L})"
_NOT_L_AFTER = rf"(?!{_L})"


def _alt(words) -> str:
    # longest first, so "sept" wins over "sep" and "march" over "mar"
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A number may not follow a letter or "x." ("No.5", "p.137", "3.5"), except
# "c.1920" / "ca.1920".
_NUM_LEFT = r"(?<!\w)(?:(?<!\w\.)|(?<=\bc\.)|(?<=\bca\.))"

_TOKEN_RE = re.compile(
    rf"""
    (?P<iso>(?<![\w.])(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})(?!\w))
  | (?P<isom>(?<![\w.])(?P<isom_y>\d{{4}})-(?P<isom_m>0[1-9])(?![\w-]))
  | (?P<numdate>(?<![\w.])(?P<nd_a>\d{{1,2}})(?P<nd_sep>[./])(?P<nd_b>\d{{1,2}})(?P=nd_sep)
        (?P<nd_y>\d{{4}})(?!\d))
  | (?P<decade>{_NUM_LEFT}(?P<dec_c>1[5-9]|20)(?P<dec_d>\d)0['’]?s{_NOT_L_AFTER})
  | (?P<decade2>(?<![\w'’])['’]?(?P<dec2_d>[1-9])0['’]s{_NOT_L_AFTER})
  | (?P<approx>{_NOT_L_BEFORE}(?:circa|ca\.|ca{_NOT_L_AFTER}|c\.|about|around|approx\.
        |approximately|roughly|some\s?time\s+in|vers|hacia|etwa){_NOT_L_AFTER})
  | (?P<part>{_NOT_L_BEFORE}(?:early|late|mid(?:dle)?|beginning\s+of|start\s+of
        |end\s+of|début|anfang|ende|mitte|principios\s+de|finales\s+de){_NOT_L_AFTER}
        (?:\s*-(?!\s*\d))?)
  | (?P<unsure>{_NOT_L_BEFORE}(?:probably|possibly|perhaps|presumably){_NOT_L_AFTER})
  | (?P<os>{_NOT_L_BEFORE}(?:o\.\s?s\.?|old[\s-]style)(?!\.?{_L}))
  | (?P<ns>{_NOT_L_BEFORE}(?:n\.\s?s\.?|new[\s-]style)(?!\.?{_L}))
  | (?P<month>{_NOT_L_BEFORE}(?:{_alt(list(MONTHS) + list(MONTH_TYPOS))}){_NOT_L_AFTER}\.?)
  | (?P<season>{_NOT_L_BEFORE}(?:{_alt(SEASONS)}){_NOT_L_AFTER})
  | (?P<num>{_NUM_LEFT}(?P<num_v>\d+)(?P<num_ord>(?:st|nd|rd|th|er|º|ª){_NOT_L_AFTER})?)
  | (?P<range>[-‐‑‒–—―]+|{_NOT_L_BEFORE}(?:to|till|until|through|thru|au|al|bis){_NOT_L_AFTER})
  | (?P<slash>/)
  | (?P<and>&|{_NOT_L_BEFORE}(?:and|und|et){_NOT_L_AFTER})
  | (?P<or>{_NOT_L_BEFORE}(?:or|oder|ou){_NOT_L_AFTER})
  | (?P<between>{_NOT_L_BEFORE}(?:between|entre|zwischen){_NOT_L_AFTER})
  | (?P<filler>{_NOT_L_BEFORE}(?:{_alt(FILLERS)}){_NOT_L_AFTER})
  | (?P<lp>[(\[{{])
  | (?P<rp>[)\]}}])
  | (?P<qm>\?)
  | (?P<comma>,)
  | (?P<dot>\.)
  | (?P<other>{_L}+|\d+|\S)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# The same tokens, case-sensitively, for ASCII text lowercased first: a third faster than
# IGNORECASE. Equivalent because lowercasing ASCII moves no offset, the pattern's own letters are
# lowercase (a test holds that) and no non-ASCII letter in it folds to an ASCII one, and tokens
# are read case-blind (their values, `.lower()`, `.isdigit()`); what a date quotes is cut from
# the original text.
_TOKEN_RE_LOWER = re.compile(_TOKEN_RE.pattern, re.VERBOSE)

_HAS_DIGIT = re.compile(r"\d")


class _Tok:
    """One token: its kind, integer value (if any) and place in the text."""

    __slots__ = ("digits", "end", "kind", "ordinal", "start", "text", "val")

    def __init__(self, kind, val, start, end, text, digits=0, ordinal=False):
        self.kind = kind
        self.val = val
        self.start = start
        self.end = end
        self.text = text
        self.digits = digits
        self.ordinal = ordinal


def _make_token(m: re.Match) -> _Tok:
    kind = m.lastgroup
    # lastgroup is the last *closed* group, which for composite alternatives is
    # an inner one; map inner names back to their alternative.
    if kind.startswith("iso_"):
        kind = "iso"
    elif kind.startswith("isom_"):
        kind = "isom"
    elif kind.startswith("nd_"):
        kind = "numdate"
    elif kind.startswith("dec_"):
        kind = "decade"
    elif kind.startswith("dec2_"):
        kind = "decade2"
    elif kind.startswith("num_"):
        kind = "num"
    s, e, text = m.start(), m.end(), m.group()
    if kind == "iso":
        return _Tok("ymd", (int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])), s, e, text)
    if kind == "isom":
        return _Tok("ym", (int(m["isom_y"]), int(m["isom_m"])), s, e, text)
    if kind == "numdate":
        a, b, y = int(m["nd_a"]), int(m["nd_b"]), int(m["nd_y"])
        if a > 12 >= b:
            return _Tok("ymd", (y, b, a), s, e, text)
        if b > 12 >= a:  # US order, e.g. "Last updated on: 7.25.2009"
            return _Tok("ymd", (y, a, b), s, e, text)
        if a <= 12 and b <= 12 and m["nd_sep"] == ".":  # European d.m.yyyy
            return _Tok("ymd", (y, b, a), s, e, text)
        return _Tok("other", None, s, e, text)  # "3/4/1920": cannot tell
    if kind == "decade":
        return _Tok("decade", int(m["dec_c"]) * 100 + int(m["dec_d"]) * 10, s, e, text)
    if kind == "decade2":  # "the 30's": this archive means the 1900s
        return _Tok("decade2", 1900 + int(m["dec2_d"]) * 10, s, e, text)
    if kind == "month":
        key = text.rstrip(".").lower()
        return _Tok("month", MONTHS.get(key) or MONTH_TYPOS[key], s, e, text)
    if kind == "season":
        return _Tok("season", SEASONS[text.lower()], s, e, text)
    if kind == "num":
        v = m["num_v"]
        return _Tok("num", int(v), s, e, text, digits=len(v), ordinal=bool(m["num_ord"]))
    if kind == "filler":
        return _Tok("filler", text.lower(), s, e, text)
    return _Tok(kind, None, s, e, text)


# Every date we read contains a digit (a year, or a day for `default_year`),
# and no date expression reaches further than this from one of its digits.
# Only these windows around digits are tokenized, which keeps long pages cheap.
_DIGITS = re.compile(r"\d+")
_WINDOW_BEFORE = 80  # "between approximately the beginning of September 3"
_WINDOW_AFTER = 48  # "(November 7, old style)?]"


def _windows(text: str) -> list[tuple[int, int]]:
    """Disjoint (start, end) spans of `text` around its digits, cut at spaces."""
    n = len(text)
    spans: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        a, b = max(0, m.start() - _WINDOW_BEFORE), min(n, m.end() + _WINDOW_AFTER)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    out = []
    for a, b in spans:
        # widen to whole words (bounded, in case of a long run without spaces)
        stop = max(0, a - 40)
        while a > stop and not text[a - 1].isspace():
            a -= 1
        stop = min(n, b + 40)
        while b < stop and not text[b].isspace():
            b += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


class _Tokens:
    """Tokens of the windows of a text, produced lazily so that a date near the
    top of a long page costs only the tokens up to it.  Between two windows a
    break token (kind "other") stops any date from spanning them."""

    __slots__ = ("_it", "_pattern", "_spans", "_text", "_toks")

    def __init__(self, text: str):
        ascii_text = text.isascii()
        self._text = text.lower() if ascii_text else text
        self._pattern = _TOKEN_RE_LOWER if ascii_text else _TOKEN_RE
        self._spans = iter(_windows(text))
        self._it = None
        self._toks: list[_Tok] = []

    def get(self, j: int) -> _Tok | None:
        toks = self._toks
        while len(toks) <= j:
            m = next(self._it, None) if self._it is not None else None
            if m is None:
                span = next(self._spans, None)
                if span is None:
                    break
                if self._it is not None:
                    toks.append(_Tok("other", None, span[0], span[0], ""))
                self._it = self._pattern.finditer(self._text, span[0], span[1])
                continue
            tok = _make_token(m)
            if tok.kind == "num":
                self._demote_label_number(tok)
            toks.append(tok)
        return toks[j] if j < len(toks) else None

    def kind(self, j: int) -> str | None:
        t = self.get(j)
        return t.kind if t else None

    def _demote_label_number(self, tok: _Tok) -> None:
        """"No. 5", "pp. 79-83", "Vol. 4" are not days: turn them into 'other'."""
        toks = self._toks
        k = len(toks) - 1
        if k >= 0 and toks[k].kind == "dot":
            k -= 1
        if k < 0:
            return
        prev = toks[k]
        if prev.kind == "other" and prev.text.lower() in NUMBER_LABELS or (
            prev.kind in ("range", "and")
            and k >= 1
            and toks[k - 1].kind == "other"
            and toks[k - 1].text.isdigit()
        ):
            tok.kind = "other"


# --------------------------------------------------------------------------
# Points: one day / month / season / year / decade, possibly partial
# --------------------------------------------------------------------------


class _Point:
    __slots__ = (
        "day",
        "decade",
        "month",
        "month_inherited",
        "season",
        "short_decade",
        "year",
        "year_inherited",
        "yy",
        "yy_digits",
    )

    def __init__(self, day=None, month=None, year=None, season=None, decade=None, yy=None):
        self.day = day
        self.month = month
        self.year = year
        self.season = season
        self.decade = decade
        self.yy = yy  # a bare 1-2 digit number: maybe the "67" of "1966/67"
        self.yy_digits = 2
        self.short_decade = False
        self.year_inherited = False
        self.month_inherited = False

    def complete(self) -> bool:
        return self.decade is not None or (self.year is not None and (self.day is None or self.month is not None))

    def copy(self) -> _Point:
        p = _Point(self.day, self.month, self.year, self.season, self.decade, self.yy)
        p.yy_digits = self.yy_digits
        p.short_decade = self.short_decade
        p.year_inherited = self.year_inherited
        p.month_inherited = self.month_inherited
        return p


def _is_day(t: _Tok | None) -> bool:
    return t is not None and t.kind == "num" and t.digits <= 2 and 1 <= t.val <= 31


def _is_year(t: _Tok | None) -> bool:
    return (t is not None and t.kind == "num" and t.digits == 4 and not t.ordinal
            and YEAR_MIN <= t.val <= YEAR_MAX)


def _year_after(tk: _Tokens, j: int) -> tuple[int | None, int]:
    """An optional ", 1917" / " de 1920" / " 1940" right after position j."""
    jj = j
    if tk.kind(jj) == "comma":
        jj += 1
    while tk.kind(jj) == "filler" and tk.get(jj).val in ("de", "del", "of"):
        jj += 1
    t = tk.get(jj)
    if _is_year(t):
        return t.val, jj + 1
    return None, j


def _point(tk: _Tokens, i: int) -> tuple[_Point | None, int]:
    j = i
    if tk.kind(j) == "filler" and tk.get(j).val == "the":  # "the 3rd of May"
        j += 1
    t = tk.get(j)
    if t is None:
        return None, i
    k = t.kind
    if k == "ymd":
        y, m, d = t.val
        return _Point(day=d, month=m, year=y), j + 1
    if k == "ym":
        y, m = t.val
        return _Point(month=m, year=y), j + 1
    if k in ("decade", "decade2"):
        p = _Point(decade=t.val)
        p.short_decade = k == "decade2"
        return p, j + 1
    if k == "season":
        p = _Point(season=t.val)
        p.year, j = _year_after(tk, j + 1)
        return p, j
    if k == "month":
        p = _Point(month=t.val)
        j += 1
        jj = j
        if tk.kind(jj) == "filler" and tk.get(jj).val == "the":  # "May the 3rd"
            jj += 1
        d = tk.get(jj)
        if _is_day(d):
            p.day = d.val
            j = jj + 1
        p.year, j = _year_after(tk, j)
        return p, j
    if k == "num":
        if _is_year(t):
            return _Point(year=t.val), j + 1
        if _is_day(t):
            p = _Point(day=t.val)
            j += 1
            jj = j
            if tk.kind(jj) == "dot":  # German "6. Mai 1887"
                jj += 1
            while tk.kind(jj) == "filler" and tk.get(jj).val in ("of", "de", "the"):
                jj += 1
            if tk.kind(jj) == "month":
                p.month = tk.get(jj).val
                p.year, j = _year_after(tk, jj + 1)
                return p, j
            # a lone day: "9" of "9/10 February", "24, 1917" of "October 11/24, 1917"
            p.year, j = _year_after(tk, j)
            if p.year is None and not t.ordinal:
                p.yy, p.yy_digits = t.val, t.digits
            return p, j
        if t.digits <= 2 and not t.ordinal:
            p = _Point(yy=t.val)
            p.yy_digits = t.digits
            return p, j + 1
    return None, i


# --------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------


def _julian_offset(y: int, m: int, d: int) -> int:
    """Days to add to a Julian (y, m, d) to get the Gregorian date."""
    for since, offset in JULIAN_OFFSETS:
        if (y, m, d) >= since:
            return offset
    return 10


def _from_julian(y: int, m: int, d: int) -> datetime.date | None:
    if (y, m, d) >= RUSSIAN_SWITCH_JULIAN:
        return None
    try:
        return datetime.date(y, m, d) + datetime.timedelta(days=_julian_offset(y, m, d))
    except ValueError:
        return None


def _season_bounds(year: int, season: int) -> tuple[datetime.date, datetime.date]:
    first, n = SEASON_SPAN[season]
    # months counted from January of `year`; 0 = December of year-1
    y0, m0 = (year - 1, 12) if first == 0 else (year, first)
    last_abs = y0 * 12 + (m0 - 1) + n - 1
    y1, m1 = divmod(last_abs, 12)
    m1 += 1
    return datetime.date(y0, m0, 1), datetime.date(y1, m1, _calendar.monthrange(y1, m1)[1])


class _Impossible(Exception):
    """A date with all its parts but no such day (30 February)."""


def _point_value(p: _Point, *, short_decades: bool):
    """(start, end, edtf, precision) of a filled-in point, None if incomplete."""
    if p.decade is not None:
        if p.short_decade and not short_decades:
            return None
        if not BARE_YEAR_MIN <= p.decade <= BARE_YEAR_MAX:
            return None
        d = p.decade
        return datetime.date(d, 1, 1), datetime.date(d + 9, 12, 31), f"{d // 10:03d}X", "decade"
    y = p.year
    if y is None:
        return None
    if p.season is not None:
        s, e = _season_bounds(y, p.season)
        return s, e, f"{y:04d}-{p.season}", "season"
    if p.month is None:
        if p.day is not None or not BARE_YEAR_MIN <= y <= BARE_YEAR_MAX:
            return None
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31), f"{y:04d}", "year"
    m = p.month
    last = _calendar.monthrange(y, m)[1]
    if p.day is None:
        return datetime.date(y, m, 1), datetime.date(y, m, last), f"{y:04d}-{m:02d}", "month"
    if p.day > last:
        raise _Impossible
    d = datetime.date(y, m, p.day)
    return d, d, d.isoformat(), "day"


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedDate:
    edtf: str  # EDTF levels 0-2, see module docstring
    start: datetime.date  # earliest day covered (Gregorian)
    end: datetime.date  # latest day covered (Gregorian); start <= end
    precision: str  # "day", "month", "season", "year" or "decade"
    approximate: bool
    uncertain: bool
    calendar: str  # "gregorian", or "julian" when an Old Style date was converted
    matched: str  # the part of the input read as the date


_IMPOSSIBLE = object()  # sentinel: a complete but non-existent date was read


class _Expr:
    """What `_read_expr` collected before interpretation."""

    __slots__ = ("approx", "old_style", "points", "rel", "unsure")

    def __init__(self):
        self.points: list[_Point] = []
        self.rel: str | None = None  # None, "range", "slash", "set", "oneof", "paren"
        self.approx = False
        self.unsure = False
        self.old_style = False


_PREFIX_FILLERS = frozenset(["the", "in", "on", "of", "from", "du"])


def _read_expr(tk: _Tokens, i: int) -> tuple[_Expr | None, int, int]:
    """Read one date expression starting at token i.

    Returns (expression, index of its first token, index after its last one)."""
    ex = _Expr()
    j = i
    opens = 0
    between = False
    first = None  # first token that belongs to the date proper
    while True:
        k = tk.kind(j)
        if k == "approx" or k == "part":
            ex.approx = True
        elif k == "unsure":
            ex.unsure = True
        elif k == "lp":
            opens += 1
        elif k == "between":
            between = True
        elif k == "filler" and tk.get(j).val in _PREFIX_FILLERS:
            pass
        else:
            break
        if first is None and k != "filler":
            first = j
        j += 1
    p, j2 = _point(tk, j)
    if p is None:
        return None, i, i + 1
    if first is None:
        first = j
    ex.points.append(p)
    j = j2
    while True:
        k = tk.kind(j)
        if k == "qm":
            ex.unsure = True
            j += 1
            continue
        if k == "lp" and tk.kind(j + 1) == "qm" and tk.kind(j + 2) == "rp":  # "1933(?)"
            ex.unsure = True
            j += 3
            continue
        if k == "lp" and tk.kind(j + 1) in ("os", "ns") and tk.kind(j + 2) == "rp":
            ex.old_style |= tk.kind(j + 1) == "os"  # "July 17 (old style)"
            j += 3
            continue
        if k in ("os", "ns"):
            ex.old_style |= k == "os"
            j += 1
            continue
        if k == "comma" and any(q.year is None and q.decade is None for q in ex.points):
            y, jn = _year_after(tk, j)  # "October 25 (November 7), 1917"
            if y is not None:
                for q in ex.points:
                    if q.year is None and q.decade is None:
                        q.year = y
                        q.year_inherited = True  # may belong to only one of them
                j = jn
                continue
        if k == "lp":
            if ex.rel is not None:
                break
            q, jn = _point(tk, j + 1)
            if q is None:
                break
            while tk.kind(jn) in ("comma", "ns", "os"):
                jn += 1
            if tk.kind(jn) != "rp":
                break
            ex.points.append(q)
            ex.rel = "paren"
            j = jn + 1
            continue
        if k == "range" or (k == "and" and between):
            rel = "range"
        elif k == "slash":
            rel = "slash"
        elif k == "and" or (k == "comma" and ex.points[-1].complete()):
            rel = "set"
        elif k == "or":
            rel = "oneof"
        else:
            break
        if ex.rel not in (None, rel) or (rel in ("range", "slash") and len(ex.points) >= 2):
            break
        q, jn = _point(tk, j + 1)
        if q is None or (k == "comma" and not q.complete()):
            break
        ex.points.append(q)
        ex.rel = rel
        j = jn
    while opens and tk.kind(j) == "rp":
        opens -= 1
        j += 1
    return ex, first, j


def _expand_yy(year: int, yy: int, digits: int) -> int:
    """The "67" of "1966/67" is 1967, the "8" of "1925-8" is 1928, the "00" of
    "1899-00" is 1900."""
    width = 10 if digits == 1 else 100
    y = year - year % width + yy
    return y + width if y <= year else y


def _fill(points: list[_Point], default_year: int | None, allow_default: bool) -> bool:
    """Give every point the year / month its neighbours carry.  False if some
    point still has no year."""
    for idx, p in enumerate(points):
        if p.year is None and p.decade is None:
            src = next((q for q in points[idx + 1:] if q.year is not None), None)
            src = src or next((q for q in reversed(points[:idx]) if q.year is not None), None)
            if src is not None:
                p.year = src.year
                p.year_inherited = True
        if p.day is not None and p.month is None:
            src = next((q for q in points[idx + 1:] if q.month is not None), None)
            src = src or next((q for q in reversed(points[:idx]) if q.month is not None), None)
            if src is not None:
                p.month = src.month
                p.month_inherited = True
    missing = [p for p in points if p.year is None and p.decade is None]
    if missing:
        if default_year is None or not allow_default:
            return False
        if any(p.month is None and p.season is None for p in missing):
            return False  # a bare number ("51") is no date, whatever year the page is from
        for p in missing:
            p.year = default_year
            p.year_inherited = True
    return True


def _double_date(a: _Point, b: _Point) -> datetime.date | None:
    """The New Style day if a (Old Style) and b (New Style) are one day."""
    candidates = [(a, b)]
    if a.year_inherited:  # "December 19 (January 1), 1918"
        a2 = a.copy()
        a2.year -= 1
        candidates.append((a2, b))
    if b.year_inherited:
        b2 = b.copy()
        b2.year += 1
        candidates.append((a, b2))
    if b.month_inherited:  # "January 30/12, 1918"
        b3 = b.copy()
        b3.year, b3.month = divmod(b.year * 12 + b.month, 12)
        b3.month += 1
        candidates.append((a, b3))
    for old, new in candidates:
        try:
            ns = datetime.date(new.year, new.month, new.day)
        except ValueError:
            continue
        if _from_julian(old.year, old.month, old.day) == ns:
            return ns
    return None


def _interpret(ex: _Expr, default_year: int | None, *, find: bool):
    """Turn a read expression into (edtf, start, end, precision, calendar),
    None when it is not a date, or _IMPOSSIBLE."""
    pts = ex.points
    rel = ex.rel
    if rel in ("range", "slash") and len(pts) == 2:
        a, b = pts
        if (a.year is not None and a.day is None and b.yy is not None
                and b.month is None and b.year is None):
            y = _expand_yy(a.year, b.yy, b.yy_digits)
            if a.season == 24 and y == a.year + 1 and rel == "slash":
                pts, rel = [_Point(season=24, year=a.year)], None  # "Winter 1966/67": begins Dec 1966
            else:
                pts = [a, _Point(year=y)]
    if rel == "paren" and pts[1].day is None:
        pts, rel = pts[:1], None
    allow_default = not find or any(p.day is not None for p in pts)
    if not _fill(pts, default_year, allow_default):
        return None
    if any(p.day is not None and p.month is None for p in pts):
        return None
    calendar = "gregorian"

    if rel in ("slash", "paren") and all(p.day is not None for p in pts):
        ns = _double_date(pts[0], pts[1])
        if ns is not None:
            return ns.isoformat(), ns, ns, "day", "julian"
        if rel == "paren":
            pts, rel = pts[:1], None

    try:
        if ex.old_style:
            for p in pts:
                if p.day is not None and p.month is not None and p.year is not None:
                    if p.day > _calendar.monthrange(p.year, p.month)[1]:
                        raise _Impossible
                    g = _from_julian(p.year, p.month, p.day)
                    if g is not None:
                        p.year, p.month, p.day = g.year, g.month, g.day
                        calendar = "julian"
        vals = [_point_value(p, short_decades=not find) for p in pts]
        if any(v is None for v in vals):
            return None
        if rel in ("range", "slash") and vals[0][0] > vals[1][1] and pts[0].year_inherited:
            # "December-January 1918": the first month belongs to the year before
            pts[0].year -= 1
            vals[0] = _point_value(pts[0], short_decades=not find)
    except _Impossible:
        return _IMPOSSIBLE

    suffix = "%" if ex.approx and ex.unsure else "~" if ex.approx else "?" if ex.unsure else ""
    precision = max((v[3] for v in vals), key=PRECISION_RANK.__getitem__)
    if len(vals) == 1:
        s, e, edtf, _ = vals[0]
        return edtf + suffix, s, e, precision, calendar
    if rel in ("range", "slash"):
        (s, _, e1, _), (_, e, e2, _) = vals
        if s > e:
            return None
        return f"{e1}{suffix}/{e2}{suffix}", s, e, precision, calendar
    # sets: "{...}" all of them, "[...]" one of them
    vals.sort(key=lambda v: (v[0], v[1]))
    body = ",".join(v[2] + suffix for v in vals)
    edtf = f"{{{body}}}" if rel == "set" else f"[{body}]"
    return edtf, min(v[0] for v in vals), max(v[1] for v in vals), precision, calendar


_STARTERS = frozenset(
    ["num", "ymd", "ym", "month", "season", "decade", "decade2", "approx", "part", "unsure", "lp", "between", "filler"]
)


def _scan(text: str, default_year: int | None, *, find: bool) -> ParsedDate | None:
    if not text or not _HAS_DIGIT.search(text):
        return None  # every date we read has a digit (a year, or a day)
    tk = _Tokens(text)
    i = 0
    while True:
        t = tk.get(i)
        if t is None:
            return None
        if t.kind not in _STARTERS:
            i += 1
            continue
        ex, first, end = _read_expr(tk, i)
        if ex is None:
            i += 1
            continue
        res = _interpret(ex, default_year, find=find)
        if res is _IMPOSSIBLE:
            i = max(end, i + 1)  # do not read "February 1920" out of "30 February 1920"
            continue
        if res is None:
            i += 1
            continue
        edtf, s, e, precision, cal = res
        matched = text[tk.get(first).start:tk.get(end - 1).end]
        return ParsedDate(edtf, s, e, precision, ex.approx, ex.unsure, cal, matched)


# Pure, with immutable results, and four lines in ten it reads recur ("August 2", "1917", a
# series' own dateline): a bounded cache per process.
@functools.lru_cache(maxsize=16384)
def parse_date(raw: str, *, default_year: int | None = None) -> ParsedDate | None:
    """Read a string that is (mostly) a date; see the module docstring.

    The first date in `raw` is returned.  A date without a year (a sign-off
    "August 2") takes `default_year`.  Returns None when no date is there or
    the date does not exist ("30 February 1920")."""
    try:
        return _scan(raw, default_year, find=False)
    except (ValueError, OverflowError, RecursionError):  # defensive: never raise on text
        return None


@functools.lru_cache(maxsize=4096)  # a header's date lines are read again for the build report
def find_date(text: str, *, default_year: int | None = None) -> ParsedDate | None:
    """Find the first date inside a longer string.

    Issue, volume and page numbers ("Vol.1 No.5", "p. 3") are never read as
    days; a bare year counts only as 4 digits between 1700 and 2029;
    `default_year` is used only for a written day ("August 2")."""
    try:
        return _scan(text, default_year, find=True)
    except (ValueError, OverflowError, RecursionError):
        return None


# --------------------------------------------------------------------------
# EDTF back to bounds
# --------------------------------------------------------------------------

_EDTF_ONE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?[~?%]?|(?P<dec>\d{3})X[~?%]?"
)


def _edtf_one(s: str) -> tuple[datetime.date, datetime.date]:
    m = _EDTF_ONE.fullmatch(s)
    if not m:
        raise ValueError(f"not an EDTF date this module produces: {s!r}")
    if m["dec"]:
        d = int(m["dec"]) * 10
        return datetime.date(d, 1, 1), datetime.date(d + 9, 12, 31)
    y = int(m["y"])
    if m["m"] is None:
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    mo = int(m["m"])
    if mo in SEASON_SPAN:
        if m["d"] is not None:
            raise ValueError(f"a season has no day: {s!r}")
        return _season_bounds(y, mo)
    if not 1 <= mo <= 12:
        raise ValueError(f"bad month in {s!r}")
    if m["d"] is None:
        return datetime.date(y, mo, 1), datetime.date(y, mo, _calendar.monthrange(y, mo)[1])
    d = datetime.date(y, mo, int(m["d"]))  # ValueError for 1920-02-30
    return d, d


def edtf_bounds(edtf: str) -> tuple[datetime.date, datetime.date]:
    """(start, end) of an EDTF string of the forms this module produces:
    day/month/season/year/decade, with optional ~ ? % qualifiers, an interval
    "a/b", a set "{a,b}" or a one-of set "[a,b]".  ValueError otherwise."""
    if not isinstance(edtf, str) or not edtf:
        raise ValueError("empty EDTF string")
    if edtf[0] in "{[":
        if edtf[-1] != {"{": "}", "[": "]"}[edtf[0]] or len(edtf) < 3:
            raise ValueError(f"unclosed set: {edtf!r}")
        bounds = [_edtf_one(part) for part in edtf[1:-1].split(",")]
        return min(b[0] for b in bounds), max(b[1] for b in bounds)
    if "/" in edtf:
        a, _, b = edtf.partition("/")
        start, end = _edtf_one(a)[0], _edtf_one(b)[1]
        if start > end:
            raise ValueError(f"interval ends before it starts: {edtf!r}")
        return start, end
    return _edtf_one(edtf)
