"""Issue #3 at corpus scale, over every page of ../shared/mia.

- `corpus build` over all pages: no traceback, every file an outcome, counts add up.
- The plain-text rendering of each HTML document, read back by the text reader, agrees with the
  HTML reading on author, title, date, place and license for >= 98% of documents.
- The HTML reader loses no visible character: every letter and digit of a page's body (outside
  scripts, styles, images and the like) is in one of its blocks.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from corpus.build import build, discover, read_page
from corpus.interpret import interpret
from corpus.readers.decode import DecodeError, decode_html
from corpus.readers.html import SKIPPED, read_html_page
from corpus.readers.text import read_text_page
from corpus.rejects import NotADocument, Rejected
from corpus.render import render_document
from corpus.report import OutcomeKind

ROUND_TRIP_BAR = 0.98


def test_build_over_the_whole_sample(mia_dir, tmp_path):
    report = build(mia_dir, tmp_path / "out", workers=2, progress=False)
    files = discover(mia_dir)
    assert report.raw_files == len(files) >= 8000
    assert report.adds_up()
    assert sorted(o.path for o in report.outcomes) == [f.rel for f in files]
    counts = report.counts()
    print("\n" + report.summary())
    assert counts["record"] >= 0.9 * report.raw_files
    for outcome in report.outcomes:
        if outcome.kind is OutcomeKind.rejected:
            assert outcome.reason and outcome.detail.startswith(outcome.path)
    assert (tmp_path / "out" / "build-report.json").exists()


def _fields(doc):
    return {
        "author": doc.author,
        "title": doc.title,
        "date": doc.date and (doc.date.edtf, doc.date.start, doc.date.end),
        "place": doc.place and (doc.place.name, doc.place.raw),
        "license": (doc.license.kind, doc.license.spdx),
    }


def test_rendering_round_trip(mia_dir):
    documents = agree = 0
    disagree: Counter = Counter()
    for raw in discover(mia_dir):
        data = Path(raw.path).read_bytes()
        try:
            doc = interpret(read_page(raw.rel, data), sha256=hashlib.sha256(data).hexdigest())
        except (NotADocument, Rejected, ValidationError):  # what the build skips or rejects
            continue
        documents += 1
        rendering = render_document(doc).encode("utf-8")
        try:
            back = interpret(read_text_page(rendering, raw.rel), sha256=hashlib.sha256(rendering).hexdigest())
        except (NotADocument, Rejected):
            disagree["not read back"] += 1
            continue
        expected, got = _fields(doc), _fields(back)
        wrong = [name for name in expected if expected[name] != got[name]]
        disagree.update(wrong)
        agree += not wrong
    share = agree / documents
    print(f"\nround trip: {agree}/{documents} documents agree ({share:.1%}); disagreements: {dict(disagree)}")
    assert documents >= 7000
    assert share >= ROUND_TRIP_BAR, f"{share:.1%} < {ROUND_TRIP_BAR:.0%}: {dict(disagree)}"


_NOT_WORD = re.compile(r"\W+")
_PARSER = etree.HTMLParser(recover=True, no_network=True)  # libxml2's HTML parser, as browsers' stand-in


def _visible_text(el, out: list[str]) -> None:
    """The text a browser shows for `el`: its text and its children's, with their tails, skipping
    what is never shown as text (scripts, styles, images, comments). Written apart from the
    reader's walk, so that the two can be compared."""
    if isinstance(el.tag, str) and el.tag not in SKIPPED:
        out.append(el.text or "")
        for child in el:
            _visible_text(child, out)
            out.append(child.tail or "")


def test_html_reader_loses_no_visible_character(mia_dir):
    # Letters and digits are compared as multisets: markup may join "c<sub>1</sub>" into "c1" or
    # split a line, but a character that shows on the page and is in no block was dropped.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    pages = losing = 0
    lost: Counter = Counter()
    for raw in discover(mia_dir):
        if not raw.rel.endswith((".htm", ".html")):
            continue
        data = Path(raw.path).read_bytes()
        try:
            text = decode_html(data).text
        except DecodeError:
            continue
        page = read_html_page(data, raw.rel)
        root = etree.fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1), _PARSER) if text.strip() else None
        if root is None:
            continue
        body = root.find("body")
        shown: list[str] = []
        _visible_text(root if body is None else body, shown)
        read = Counter(_NOT_WORD.sub("", "".join(b.text + (b.label or "") for b in page.blocks)))
        missing = Counter(_NOT_WORD.sub("", "".join(shown))) - read
        pages += 1
        if missing:
            losing += 1
            lost[raw.rel] = sum(missing.values())
    print(f"\nvisible characters: {pages} pages read, {losing} lose any; worst: {lost.most_common(5)}")
    assert pages >= 8000
    assert not lost, f"{losing} pages lose visible characters, e.g. {lost.most_common(5)}"
