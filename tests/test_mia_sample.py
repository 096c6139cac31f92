"""Issue #3 at corpus scale, over every page of ../shared/mia.

- `corpus build` over all pages: no traceback, every file an outcome, counts add up.
- The plain-text rendering of each HTML document, read back by the text reader, agrees with the
  HTML reading on author, title, date, place and license for >= 98% of documents.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from corpus.build import build, discover, read_page
from corpus.interpret import interpret
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
        data = raw.path.read_bytes()
        try:
            doc = interpret(read_page(raw.rel, data), sha256=hashlib.sha256(data).hexdigest())
        except (NotADocument, Rejected):
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
