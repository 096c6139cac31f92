"""Terms of use: classify a page's licence statement.

Archive pages state their terms in a header line labelled "Copyleft:",
"Public Domain:" (sometimes "Pubic Domain:"), "Copyright:" (sometimes
"Copright:") or "License:", or in unlabelled prose ("© 1998 Socialist Review.
Published on MIA with the permission of ...").  `classify_license` maps such a
statement to a `LicenseInfo` using the ordered rules of
``corpus/data/licenses.csv`` (first match wins; patterns are case-insensitive
regular expressions matched anywhere in the statement; ``{version}`` in the
``spdx`` column is filled from the pattern's ``version`` group).  Pass the
whole line *with* its label when there is one ("Public Domain: Marxists
Internet Archive (2016)..."), since the label often carries the only signal.

Decisions the table encodes (see the rule order there):

* Named licences win over labels.  "Public Domain: This work is in the under the
  Creative Commons Common Deed" links to the archive's CC BY-SA page, so it is
  ``CC-BY-SA-2.0``; an explicit version ("ShareAlike 3.0") overrides 2.0, the
  version of the archive's site licence.
* The GNU FDL without a version is ``GFDL-1.1-or-later``: the archive adopted
  1.1, whose section 10 lets the licensee follow any later version.  With a
  version it is ``GFDL-1.x-or-later`` when "or any later version" follows, else
  ``GFDL-1.x-only``.
* kind ``copyleft`` means "a public free-culture licence grant" -- what the
  archive labels Copyleft -- including CC BY-ND and CC BY-NC-SA, which allow
  verbatim redistribution (hence ``redistributable``) though they are not
  share-alike in the strict sense.  "Permission is granted to copy ..." is such
  a grant even when the licence's name was lost (spdx null).
* kind ``public-domain`` has spdx ``None``: SPDX has no licence identifier for
  the public domain (dedications such as CC0 are licences, and none is named),
  and a ``LicenseRef-`` id would be a private invention.  Redistributable.
* kind ``permission``: the text is republished "with permission" of a rights
  holder ("Republished here with permission", "Published here by kind
  permission of the translator").  The permission was given to the archive,
  not to us, so it is *not* redistributable.
* kind ``unknown``: a bare copyright notice ("Copyright © 2002 Socialist
  Review.") grants nothing, so its terms are unknown and it is not
  redistributable; so is a missing or empty statement.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["LicenseInfo", "classify_license", "is_license_statement"]

KINDS = ("copyleft", "public-domain", "permission", "unknown")


@dataclass(frozen=True, slots=True)
class LicenseInfo:
    """What a licence statement allows."""

    spdx: str | None  # SPDX licence id, None when there is none (public domain, no licence)
    kind: str  # copyleft | public-domain | permission | unknown
    redistributable: bool


UNKNOWN = LicenseInfo(spdx=None, kind="unknown", redistributable=False)


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    kind: str
    spdx: str  # may contain "{version}"; "" for none
    redistributable: bool

    def apply(self, match: re.Match[str]) -> LicenseInfo:
        spdx = self.spdx
        if "{version}" in spdx:
            spdx = spdx.replace("{version}", match.group("version"))
        return LicenseInfo(spdx or None, self.kind, self.redistributable)


def _parse_rule(row: dict[str, str]) -> _Rule:
    kind = row["kind"].strip()
    if kind not in KINDS:
        raise ValueError(f"licenses.csv: unknown kind {kind!r}")
    flag = row["redistributable"].strip().lower()
    if flag not in {"true", "false"}:
        raise ValueError(f"licenses.csv: redistributable must be true/false, got {flag!r}")
    return _Rule(
        pattern=re.compile(row["pattern"], re.IGNORECASE | re.DOTALL),
        kind=kind,
        spdx=row["spdx"].strip(),
        redistributable=flag == "true",
    )


@lru_cache(maxsize=1)
def rules() -> tuple[_Rule, ...]:
    """The ordered rule table, compiled once."""
    text = resources.files("corpus").joinpath("data/licenses.csv").read_text(encoding="utf-8")
    return tuple(_parse_rule(row) for row in csv.DictReader(text.splitlines()))


def _clean(statement: str) -> str:
    # Callers may hand over text with entities left in (&#169;) or wrapped lines.
    return " ".join(html.unescape(statement).split())


def classify_license(statement: str | None) -> LicenseInfo:
    """Classify a licence statement (ideally the whole header line, label included).
    No statement, or one no rule recognises, is ``unknown`` and not redistributable."""
    if not statement:
        return UNKNOWN
    text = _clean(statement)
    if not text:
        return UNKNOWN
    for rule in rules():
        match = rule.pattern.search(text)
        if match:
            return rule.apply(match)
    return UNKNOWN


# Header labels that introduce terms of use, as written in the archive (typos included).
# Code rather than data: they are the header vocabulary, not classification rules.
_LICENSE_LABELS = frozenset(
    {
        "copyleft",
        "copyright",
        "copright",
        "copywright",
        "public domain",
        "pubic domain",
        "license",
        "licence",
        "licensing",
        "rights",
        "terms of use",
        "copyright notice",
    }
)

# Prose (unlabelled, or under another label) that states terms rather than merely
# mentioning them.  "public domain" alone is not enough: essays speak of taking
# industry "into the public domain"; only "this work is in the public domain" states terms.
_PROSE_TERMS = re.compile(
    # a notice, not a sentence that starts with the word: "Copyright © 2002", "Copyright, 1937"
    r"^\W*(?:©|\(c\)\s*\d{4}|copy?right\b\W*(?:©|\(c\)|\d{4}|:))"
    r"|free\s+documentation\s+licen[cs]e|creative\s+commons|\bcc[\s-]+by\b"
    r"|\b(?:work|text|document|article|translation)\s+(?:is\s+)?(?:now\s+)?in\s+the\s+publ?ic\s+domain"
    r"|permission\s+is\s+(?:hereby\s+)?granted\s+to\s+copy"
    r"|\b(?:re)?(?:published|produced|printed)\s+(?:here\s+|on\s+(?:the\s+)?MIA\s+|online\s+)?"
    r"(?:here\s+)?(?:with|by)\s+(?:the\s+)?(?:kind\s+)?permission"
    r"|\bused\s+(?:with|by)\s+permission",
    re.IGNORECASE,
)


def _norm_label(label: str) -> str:
    return " ".join(label.replace(":", " ").split()).casefold()


def is_license_statement(label: str | None, text: str) -> bool:
    """Does this header line state terms of use?  `label` as written ("Copyleft",
    "Public Domain", "Pubic Domain", "Copright", "License"), or None for unlabelled
    prose.  A licence label counts even with an empty value ("Copyleft:" whose
    link text was lost); other lines count only when their text states terms."""
    if label is not None and _norm_label(label) in _LICENSE_LABELS:
        return True
    return bool(text) and bool(_PROSE_TERMS.search(_clean(text)))
