"""Places of writing and delivery: a curated gazetteer and the matchers around it.

The gazetteer (``corpus/data/gazetteer.csv``) lists the towns where archive texts
were written or delivered: Trotsky's places of exile, congress cities, party
centres.  Each row has a canonical name (today's usual English name, so
Petrograd, Leningrad and St Petersburg are one place, "Saint Petersburg"), the
ISO 3166-1 alpha-2 code of the country the place lies in *today* (Prinkipo ->
TR, Alma-Ata -> KZ), coordinates, and ``|``-separated aliases (historical names,
transliterations, the spellings of sign-off lines such as "Coyoacan, D. F.").
The raw text as written is always returned alongside, so nothing historical is
lost by canonicalising.

Matching works on *word tokens*: a string is cut into runs of letters/digits,
each token is case-folded and stripped of accents, and a name's key is the
concatenation of its tokens.  "D. F.", "D.F." and "DF" therefore share the key
"df", "Hønefoss" and "Honefoss" share "honefoss", and "MEXICO, D.F." equals
"Mexico D.F.".  The alias table is built once and cached.

Three entry points, from strict to lenient:

* `resolve_place` -- the whole string is a place, optionally qualified
  ("Chicago, Ill.", "Paris, France");
* `looks_like_place_line` -- a short sign-off line: a place, optionally
  followed by nothing but a date ("Prinkipo, March 1930");
* `find_place` -- a place inside a header value or dateline: at the start of a
  dateline, after date-only comma segments ("1929-1930, Vienna"), or introduced
  by "in"/"at" ("Delivered at the Ninth Congress in Moscow, 12 March 1920").
  A place merely named inside a phrase ("The Reply to the Prinkipo Proposal",
  "Letter to the Moscow comrades") is never matched.

Places the gazetteer does not list are still captured, as written and without a
canonical name, where the *form* of the text says it is a place:

* `unlisted_place` -- a sign-off line of capitalised words qualified by a known
  country or state ("Hartenstein, Switzerland", "Woodford Green, Essex.");
* `read_dateline` -- a newspaper dateline opening a paragraph, in capitals before
  a dash ("DETROIT – The ...", "MEXICO, D.F. – ..."); unlisted, only with a known
  qualifier ("LODI, N.J. – ...").

A bare capitalised phrase followed by a date ("John Pickard, May 1989") is *not*
taken for a place: in the archive it is far more often a signature, a periodical or
a book title than an unlisted town.

Known limits: a bare "Mexico" is read as Mexico City (Trotsky's sign-offs
"Mexico, November 8, '38" mean the capital); homonyms elsewhere (Paris, Texas;
London, Ontario; Birmingham, Alabama) are rejected only when the qualifier
says so, and an unqualified homonym resolves to the gazetteer's entry.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "PlaceMatch",
    "find_place",
    "looks_like_place_line",
    "read_dateline",
    "resolve_place",
    "unlisted_place",
]


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A resolved place: canonical name, today's country, coordinates."""

    name: str  # canonical name, e.g. "Coyoacán"
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float


# --------------------------------------------------------------------------- normalisation

# Letters NFKD does not decompose into base + combining mark.
_LETTER_MAP = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
    }
)
# "St. Paul" / "Saint Paul", "Ste-Pélagie" / "Sainte-Pélagie": one spelling per key.
_TOKEN_SYNONYMS = {"saint": "st", "sainte": "ste", "sankt": "st"}
_TOKEN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)  # words repeat across pages; NFKD per word is the matcher's main cost
def _norm_token(token: str) -> str:
    folded = unicodedata.normalize("NFKD", token.translate(_LETTER_MAP))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _TOKEN_SYNONYMS.get(folded, folded)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN_RE.finditer(text))


def _key(text: str) -> str:
    """The matching key of a whole string: its normalised tokens, concatenated."""
    return "".join(_norm_token(m.group()) for m in _tokens(text))


# --------------------------------------------------------------------------- qualifiers

# Trailing qualifiers of a place ("Chicago, Ill.", "London, England", "Tiflis, Georgia"),
# each with the countries it can qualify.  A qualifier naming another country rejects
# the match, which is how "Paris, Texas" or "London, Ontario" stay unresolved.  They
# are code, not gazetteer rows, because they are not places of writing themselves.
_US = "US"
_USSR = "RU UA BY KZ GE AZ AM UZ LV LT EE"
# fmt: off
_QUALIFIERS_RAW: dict[str, str] = {
    # countries and their old names
    "USA": _US, "U.S.A.": _US, "US": _US, "U.S.": _US, "United States": _US,
    "United States of America": _US, "America": _US, "Mexico": "MX", "México": "MX", "D.F.": "MX",
    "Distrito Federal": "MX", "Turkey": "TR", "Kazakhstan": "KZ", "Norway": "NO", "France": "FR",
    "Austria": "AT", "Switzerland": "CH", "Germany": "DE", "Prussia": "DE RU PL", "England": "GB",
    "Eng.": "GB", "Scotland": "GB", "Wales": "GB", "Britain": "GB", "Great Britain": "GB",
    "UK": "GB", "U.K.": "GB", "United Kingdom": "GB", "Ireland": "IE GB", "Northern Ireland": "GB",
    "Eire": "IE", "Russia": "RU", "Soviet Russia": "RU", "USSR": _USSR, "U.S.S.R.": _USSR,
    "Soviet Union": _USSR, "Ukraine": "UA", "Georgia": "GE US", "Latvia": "LV", "Lithuania": "LT",
    "Estonia": "EE", "Finland": "FI", "Poland": "PL", "Czechoslovakia": "CZ SK", "Hungary": "HU",
    "Austria-Hungary": "AT HU CZ SK PL UA HR SI", "Italy": "IT", "Spain": "ES", "Portugal": "PT",
    "Holland": "NL", "Netherlands": "NL", "Belgium": "BE", "Denmark": "DK", "Sweden": "SE",
    "Greece": "GR", "Bulgaria": "BG", "Romania": "RO", "Rumania": "RO", "Yugoslavia": "RS HR SI",
    "Albania": "AL", "Palestine": "IL", "Israel": "IL", "Egypt": "EG", "Persia": "IR",
    "Iran": "IR", "Ceylon": "LK", "Sri Lanka": "LK", "India": "IN", "Pakistan": "PK",
    "China": "CN", "Japan": "JP", "Indonesia": "ID", "Philippines": "PH", "Burma": "MM",
    "South Africa": "ZA", "Transvaal": "ZA", "Nigeria": "NG", "Ghana": "GH", "Kenya": "KE",
    "Canada": "CA", "Ont.": "CA", "Ontario": "CA", "Quebec": "CA", "B.C.": "CA", "Australia": "AU",
    "N.S.W.": "AU", "New South Wales": "AU", "Victoria": "AU", "New Zealand": "NZ", "N.Z.": "NZ",
    "Argentina": "AR", "Brazil": "BR", "Cuba": "CU", "Chile": "CL", "Peru": "PE", "Bolivia": "BO",
    "Uruguay": "UY", "Colombia": "CO", "Venezuela": "VE", "Nicaragua": "NI",
    # British counties seen in sign-offs
    "Yorks.": "GB", "E. Yorks.": "GB", "Yorkshire": "GB", "Lancs.": "GB", "Lancashire": "GB",
    "Middlesex": "GB", "Surrey": "GB", "Kent": "GB", "Essex": "GB",
    # US states and the abbreviations the archive uses
    "N.Y.": _US, "New York": _US, "Ill.": _US, "Illinois": _US, "Mass.": _US, "Massachusetts": _US,
    "Pa.": _US, "Penn.": _US, "Pennsylvania": _US, "Calif.": _US, "Cal.": _US, "California": _US,
    "Mich.": _US, "Michigan": _US, "Minn.": _US, "Minnesota": _US, "Ohio": _US, "Wis.": _US,
    "Wisc.": _US, "Wisconsin": _US, "Mo.": _US, "Missouri": _US, "Md.": _US, "Maryland": _US,
    "D.C.": _US, "Tex.": _US, "Texas": _US, "Wash.": _US, "Ore.": _US, "N.J.": _US,
    "New Jersey": _US, "Conn.": _US, "Ind.": _US, "Indiana": _US, "Va.": _US, "Ga.": _US,
    "Colo.": _US, "Colorado": _US, "Mont.": _US, "Montana": _US, "La.": _US, "Louisiana": _US,
}
# fmt: on
_QUALIFIERS: dict[str, frozenset[str]] = {
    _key(k): frozenset(v.split()) for k, v in _QUALIFIERS_RAW.items()
}
# Abbreviations whose final dot belongs to the qualifier as written ("Ill.", "D.F.").
_DOTTED_QUALIFIERS = frozenset(_key(k) for k in _QUALIFIERS_RAW if k.endswith("."))

# Tokens a date may consist of: "June 17, 1940", "Oct. 3rd 1932", "Spring 1920",
# "le 3 mars 1848", "New Year's Day", "ca. 1925".  English plus the month names of
# the archive's other language sections, since their sign-offs use them too.
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
    "decembre januar februar marz juni juli oktober dezember gennaio febbraio aprile maggio "
    "giugno luglio settembre ottobre dicembre"
)
_DATE_WORDS = frozenset(
    (
        _MONTHS + " spring summer autumn fall winter monday tuesday wednesday thursday friday "
        "saturday sunday mon tue tues wed thu thur thurs fri sat sun ca circa c approx "
        "approximately about early late mid middle end beginning start first half of the and or "
        "to new year years day eve s de del di le den im in"
    ).split()
)
# Day/year numbers with ordinal suffixes ("17th", "1er", "3o") and month numerals
# in Roman figures ("12.IV.1920"); not every [ivxlc]+ word, or "civil" would be a date.
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th|er|e|o|a)?|i{1,3}|iv|vi{0,3}|ix|xi{0,2}")


def _is_date_token(norm: str) -> bool:
    return norm in _DATE_WORDS or bool(_ORDINAL_RE.fullmatch(norm))


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    by_key: dict[str, PlaceMatch]  # alias key -> place
    dotted: frozenset[str]  # keys of aliases written with a final "." ("Coyoacan, D.F.")
    max_tokens: int  # the longest alias, in tokens
    # Every beginning of an alias key, "" included: an alias can start only at a token whose
    # key is one, so a line with no such token names no place (decided without looking further).
    prefixes: frozenset[str]


def _read_rows() -> list[dict[str, str]]:
    text = resources.files("corpus").joinpath("data/gazetteer.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _aliases(row: dict[str, str]) -> list[str]:
    extra = [a.strip() for a in (row.get("aliases") or "").split("|")]
    return [row["name"], *(a for a in extra if a)]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    by_key: dict[str, PlaceMatch] = {}
    dotted: set[str] = set()
    max_tokens = 1
    for row in _read_rows():
        place = PlaceMatch(
            row["name"], row["country"], float(row["latitude"]), float(row["longitude"])
        )
        for alias in _aliases(row):
            key = _key(alias)
            # First row wins; tests assert no alias is claimed by two places.
            by_key.setdefault(key, place)
            if alias.endswith("."):
                dotted.add(key)
            max_tokens = max(max_tokens, len(_tokens(alias)))
    prefixes = frozenset(key[:n] for key in by_key for n in range(len(key) + 1))
    return _Gazetteer(by_key, frozenset(dotted), max_tokens, prefixes)


def gazetteer_rows() -> list[dict[str, str]]:
    """The raw gazetteer rows (for tests and reports)."""
    return _read_rows()


# --------------------------------------------------------------------------- core matching


@dataclass(frozen=True, slots=True)
class _Hit:
    place: PlaceMatch
    start: int  # char offset of the first place token
    end: int  # char offset just past the place (and its qualifiers), as written
    next_token: int  # index of the first token after place and qualifiers


def _longest_alias(norms: Sequence[str], i: int) -> tuple[PlaceMatch, int] | None:
    """The longest alias starting at token i: (place, index past its last token)."""
    gaz = _gazetteer()
    for j in range(min(len(norms), i + gaz.max_tokens), i, -1):
        place = gaz.by_key.get("".join(norms[i:j]))
        if place is not None:
            return place, j
    return None


def _longest_qualifier(norms: Sequence[str], i: int) -> tuple[frozenset[str], int] | None:
    for j in range(min(len(norms), i + 4), i, -1):
        countries = _QUALIFIERS.get("".join(norms[i:j]))
        if countries is not None:
            return countries, j
    return None


def _end_with_dot(text: str, toks: Sequence[re.Match[str]], j: int, dotted: bool) -> int:
    """End offset of token j-1, keeping an abbreviation's final dot ("D.F.", "Ill.")."""
    end = toks[j - 1].end()
    if dotted and text[end : end + 1] == ".":
        end += 1
    return end


def _separated_by_comma(text: str, toks: Sequence[re.Match[str]], j: int) -> bool:
    return "," in text[toks[j - 1].end() : toks[j].start()]


def _place_at(text: str, toks: Sequence[re.Match[str]], norms: Sequence[str], i: int) -> _Hit | None:
    """A gazetteer place starting at token i, extended over comma-separated qualifiers
    consistent with its country.  None when no alias starts there or a qualifier
    contradicts it ("Paris, Texas")."""
    found = _longest_alias(norms, i)
    if found is None:
        return None
    place, j = found
    gaz = _gazetteer()
    end = _end_with_dot(text, toks, j, "".join(norms[i:j]) in gaz.dotted)
    while j < len(norms) and _separated_by_comma(text, toks, j):
        qual = _longest_qualifier(norms, j)
        if qual is not None:
            countries, k = qual
            if place.country not in countries:
                return None
            end = _end_with_dot(text, toks, k, "".join(norms[j:k]) in _DOTTED_QUALIFIERS)
            j = k
            continue
        # "Charlottenburg, Berlin", "Kadikoy, Istanbul": a same-country town qualifies.
        inner = _longest_alias(norms, j)
        if inner is not None and inner[0].country == place.country and inner[0] != place:
            end, j = toks[inner[1] - 1].end(), inner[1]
            continue
        break
    return _Hit(place, toks[i].start(), end, j)


def _only_dates_from(norms: Sequence[str], j: int) -> bool:
    return all(_is_date_token(n) for n in norms[j:])


def _starts_dateline(text: str, toks: Sequence[re.Match[str]], norms: Sequence[str], hit: _Hit) -> bool:
    """After a place at the start of a string: end of string, a date, or another place
    ("Vienna, Leningrad, Dietskoye Seloe", "Petrograd-Moscow, 1917-18")."""
    j = hit.next_token
    if j >= len(norms):
        return True
    if _opens_date(norms, j):
        return True
    return _separated_by_punct(text, toks, j) and _longest_alias(norms, j) is not None


# Date words that cannot open a date on their own: "Moscow and Ourselves",
# "London, New Statesman" are titles, not datelines.
_NOT_DATE_OPENERS = frozenset({"and", "or", "of", "the", "to", "in", "s", "de", "di", "le", "im"})


def _opens_date(norms: Sequence[str], j: int) -> bool:
    word = norms[j]
    if word == "new":  # only "New Year('s Day)"
        return j + 1 < len(norms) and norms[j + 1] == "year"
    return _is_date_token(word) and word not in _NOT_DATE_OPENERS


def _separated_by_punct(text: str, toks: Sequence[re.Match[str]], j: int) -> bool:
    return bool(re.search(r"[,\-–—/;:]", text[toks[j - 1].end() : toks[j].start()]))


# A sign-off line is tried as a place by find_place, then by looks_like_place_line: tokenised once.
@lru_cache(maxsize=256)
def _prepare(text: str) -> tuple[tuple[re.Match[str], ...], tuple[str, ...]]:
    return tuple(_TOKEN_RE.finditer(text)), tuple(map(_norm_token, _TOKEN_RE.findall(text)))


def _may_start_a_place(norms: tuple[str, ...]) -> bool:
    return not _gazetteer().prefixes.isdisjoint(norms)


# --------------------------------------------------------------------------- public API


def resolve_place(raw: str) -> PlaceMatch | None:
    """The whole string names a place (a sign-off line like "Coyoacan, D. F.", "Prinkipo",
    "London, England", "Moscow."), possibly with a trailing country/state qualifier
    ("Paris, France", "Chicago, Ill.") or trailing punctuation.  None when it is not a
    known place."""
    if not raw:
        return None
    toks, norms = _prepare(raw)
    if not toks or not _may_start_a_place(norms):
        return None
    hit = _place_at(raw, toks, norms, 0)
    if hit is None or hit.next_token != len(norms):
        return None
    return hit.place


def looks_like_place_line(line: str) -> bool:
    """True when a short line (sign-off candidate) is a resolvable place, optionally
    followed by a date (",", "–", " "): used to detect sign-off blocks."""
    if not line or len(line) > 100:
        return False
    toks, norms = _prepare(line)
    if not toks or not _may_start_a_place(norms):
        return False
    hit = _place_at(line, toks, norms, 0)
    return hit is not None and _only_dates_from(norms, hit.next_token)


def find_place(text: str) -> tuple[PlaceMatch, str] | None:
    """Find a place of writing/delivery inside a longer string and return it with the raw
    substring as written (the place and any qualifier, e.g. "MEXICO, D.F.").

    Accepted positions, in order of preference:
    1. the start of a dateline/sign-off: "Prinkipo, March 1930", "MEXICO, D.F. – May 9";
    2. the first comma segment that follows only date segments: "1929–1930, Vienna";
    3. after "in"/"at": "Delivered at the Ninth Congress in Moscow, 12 March 1920".
    A place that is part of a longer name ("The Hague Congress", "in New York Times")
    or named without in/at inside a phrase ("Letter to the Moscow comrades") is not
    a place of writing and is not matched."""
    if not text:
        return None
    toks, norms = _prepare(text)
    if not toks or not _may_start_a_place(norms):
        return None
    hit = _dateline_hit(text, toks, norms)
    if hit is None:
        hit = _after_dates_hit(text, toks, norms)
    if hit is None:
        hit = _in_at_hit(text, toks, norms)
    if hit is None:
        return None
    return hit.place, text[hit.start : hit.end]


def _dateline_hit(text: str, toks: Sequence[re.Match[str]], norms: Sequence[str]) -> _Hit | None:
    hit = _place_at(text, toks, norms, 0)
    if hit is not None and _starts_dateline(text, toks, norms, hit):
        return hit
    return None


def _after_dates_hit(text: str, toks: Sequence[re.Match[str]], norms: Sequence[str]) -> _Hit | None:
    """ "17 June 1940, Coyoacan": every token before the place is a date token and the
    place opens a comma segment."""
    for i in range(1, len(norms)):
        if not _is_date_token(norms[i - 1]):
            return None
        if not _separated_by_comma(text, toks, i):
            continue
        hit = _place_at(text, toks, norms, i)
        if hit is not None and _starts_dateline(text, toks, norms, hit):
            return hit
    return None


def _in_at_hit(text: str, toks: Sequence[re.Match[str]], norms: Sequence[str]) -> _Hit | None:
    for i in range(len(norms) - 1):
        if norms[i] not in {"in", "at"}:
            continue
        first = toks[i + 1].group()
        # Places are capitalised; "in tours of", "at nice" are not places.
        if not first[:1].isupper():
            continue
        hit = _place_at(text, toks, norms, i + 1)
        if hit is not None and _ends_cleanly(toks, norms, hit, text) and not _quoted(text, hit):
            return hit
    return None


def _quoted(text: str, hit: _Hit) -> bool:
    """Inside an open quotation: a quoted title ("“John Maclean in Dublin,” The Voice
    of Labour") names a place without being the place of writing."""
    before = text[: hit.start]
    curly_open = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return curly_open > 0 or before.count('"') % 2 == 1


def _ends_cleanly(toks: Sequence[re.Match[str]], norms: Sequence[str], hit: _Hit, text: str) -> bool:
    """The place is not the first word of a longer name: what follows is the end, a
    date, punctuation, or a lower-case word ("in Moscow in the spring")."""
    j = hit.next_token
    if j >= len(norms) or _separated_by_punct(text, toks, j):
        return True
    follower = toks[j].group()
    return _is_date_token(norms[j]) or not follower[:1].isupper()


# --------------------------------------------------------------------------- unlisted places

# Words that make a capitalised phrase the name of something other than a town: an
# organisation, a publication, a letter's salutation, a heading.  A phrase holding one
# is never an unlisted place.
_NOT_PLACE_WORDS = frozenset(
    """
    dear comrade comrades friend friends sir sirs madam editor editors yours sincerely
    fraternally bulletin subject note notes footnote appendix introduction preface
    postscript chapter part section volume vol no number page pp press publishers
    publications publishing books edition editions library review magazine journal
    weekly daily times news herald tribune worker workers committee party congress
    conference council bureau union league federation international executive secretary
    president chairman society association group movement socialist communist labour
    labor the of for and with from by to on listen warning statement resolution
    declaration appeal manifesto letter reply answer speech report
    """.split()
)
_CAPITAL_WORD = r"[A-ZÀ-Þ][\w’'.]*"
_PLACE_WORDS = rf"{_CAPITAL_WORD}(?:[ -]{_CAPITAL_WORD}){{0,2}}"
_QUALIFIED = re.compile(rf"^(?P<place>{_PLACE_WORDS}),\s*(?P<qual>[A-Za-z][A-Za-z. ]{{0,24}}?)\.?(?=$|[,\s])")
# "DETROIT – ", "MEXICO, D.F. – ", "NEW YORK. – ", "CLEVELAND -- ": capitals, a qualifier, a dash.
_DATELINE_OPENING = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ’'.]*(?:[ -][A-ZÀ-Þ][A-ZÀ-Þ’'.]*){0,2})"
    r"(?:,\s*(?P<qual>[A-Za-z][A-Za-z. ]{0,24}?))?\.?(?:\s*[–—]|\s+--?\s)"
)


def _could_be_town(words: str) -> bool:
    """Capitalised words that could name a town: no organisation or heading word, no
    initials ("J. T. M."), and not a country or state by itself ("France")."""
    toks, norms = _prepare(words)
    if not toks or len(toks) > 3 or _key(words) in _QUALIFIERS:
        return False
    if any(n in _NOT_PLACE_WORDS or _is_date_token(n) for n in norms):
        return False
    return all(len(t.group()) >= 3 or t.group().isupper() and len(t.group()) >= 2 for t in toks)


def unlisted_place(line: str) -> str | None:
    """The place a sign-off line names when the gazetteer does not know it: capitalised
    words qualified by a known country, state or county ("Hartenstein, Switzerland",
    "Woodford Green, Essex.", "Newark, NJ."), optionally followed by a date.  Returns the
    place as written, or None."""
    if not line or len(line) > 100:
        return None
    m = _QUALIFIED.match(line.strip())
    if m is None or not _could_be_town(m["place"]) or _key(m["qual"]) not in _QUALIFIERS:
        return None
    rest_norms = [_norm_token(t.group()) for t in _tokens(line.strip()[m.end() :])]
    others = "".join(n for n in rest_norms if not _is_date_token(n))
    if others and others not in _QUALIFIERS:
        return None  # after the qualifier only a date, or the country ("LIMPSFIELD, SURREY, England")
    return line.strip()[: m.end()].rstrip(",")


def read_dateline(text: str) -> tuple[PlaceMatch | None, str] | None:
    """The place of a newspaper dateline opening a paragraph: "DETROIT – The ...",
    "MEXICO, D.F. – During ...", "NEW YORK. – A mob ...".  A listed place is resolved; an
    unlisted one is returned as written (with None) when it is set in capitals, as
    datelines are, qualified by a known country or state, and could be a town ("LODI, N.J. –";
    not "CAPITALISM –", "BULLETIN –", "DEAR COMRADE, –")."""
    m = _DATELINE_OPENING.match(text)
    if m is None:
        return None
    place, qual = m["place"], m["qual"]
    raw = text[: text.index(qual, len(place)) + len(qual)] if qual else place
    if qual and _key(qual) in _DOTTED_QUALIFIERS and text[len(raw) : len(raw) + 1] == ".":
        raw += "."  # "D.F." keeps its final dot; "NEW YORK." does not
    raw = raw if qual else raw.rstrip(".")
    if (resolved := resolve_place(raw)) is not None:
        return resolved, raw
    # Unlisted, it needs a known qualifier too: a bare "CAPITALISM – " is a run-in heading.
    if qual is None or _key(qual) not in _QUALIFIERS:
        return None
    if not place.isupper() or len(_key(place)) < 4 or not _could_be_town(place):
        return None
    return None, raw
