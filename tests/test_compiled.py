"""The compiled modules give what the Python code they mirror gives.

- `corpus.readers._walk`, the HTML walk: the blocks of the reference walk in Python, on generated
  markup (white space of every kind, <br>, links, nesting, comments) and on every sample page.
- `corpus._words`, the word counter: `len(text.split())` on any text, and per blank-line part.

The package uses each when the install built it. Under CI both must have been built: a missing
C extension is a failure there, not a skip.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus import words
from corpus.readers import html

_IN_CI = os.environ.get("CI", "").lower() == "true"
compiled = pytest.mark.skipif(
    not (html.COMPILED_WALK and words.COMPILED) and not _IN_CI,
    reason="the compiled modules are not built (install with a C compiler: pip install -e .)",
)


def _both(markup: str):
    root = etree.fromstring(f"<html><body>{markup}</body></html>", html._PARSER)
    body = root.find("body")
    body = root if body is None else body
    return html.python_walk_blocks(body), html._walk.walk_blocks(body)


def test_the_package_uses_the_compiled_modules_when_built():
    assert (html.COMPILED_WALK and words.COMPILED) or not _IN_CI, "under CI the install must build them"
    assert (html.walk_blocks is getattr(html._walk, "walk_blocks", None)) == html.COMPILED_WALK
    assert (words.count_words is not words.python_count_words) == words.COMPILED
    assert (words.paragraph_word_counts is not words.python_paragraph_word_counts) == words.COMPILED


@compiled
@settings(max_examples=500, deadline=None)
@given(st.text() | st.lists(st.sampled_from([" ", "\n", "\u00a0", "\u3000", "\x85", "\u200b", "a", "é", "—",
                                              "\U0001f600", "\x1c"])).map("".join))
def test_compiled_word_count_is_split_and_len(text):
    assert words.count_words(text) == words.python_count_words(text) == len(text.split())


@compiled
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", " ", "\u00a0", "\u3000", "\x85", "a", "é", "\U0001f600",
                                 "\x1c", "\u2029"])).map("".join))
def test_compiled_paragraph_counts_are_the_blank_line_parts_words(text):
    parts = text.split("\n\n")
    as_they_stand = all(part and part == part.strip() for part in parts)
    expected = [len(part.split()) for part in parts] if as_they_stand else None
    assert words.paragraph_word_counts(text) == words.python_paragraph_word_counts(text) == expected


@compiled
@pytest.mark.parametrize("markup", [
    "<p>Some  text\nwrapped\n\n<br>after a break</p>",
    "<p>a<br><br>b</p><p>c\u00a0\u2003<br>\u200b\nd</p>",
    '<p class="link"><a href="x">Back to A</a><br>\n <a href="y">Back to B</a><br>\n</p>',
    "<em>loose</em> <em>inline</em> text<br>next line<div><p>block</p></div>tail",
    '<h2>* * *</h2><h3><a href="#">Contents entry</a></h3><hr><pre>  pre\r\n\n\ntext </pre>',
    ('<p class="information"><span class="info">Source</span>: Labor Action<br>'
     '<span class="info">Written:</span> 1940</p>'),
    "<table><tr><td>cell <b>one</b></td><td><p>two</p></td></tr></table><!-- c --><?pi x?>",
    '<blockquote class="note"><p>note text</p></blockquote><p align="right" style="x">Signed</p>',
    "<p>\x85line\u2028sep\u3000wide\u1680ogham\u205fmath\u202fnarrow\x1c\x1f</p>",
])
def test_compiled_walk_matches_the_reference(markup):
    reference, walked = _both(markup)
    assert walked == reference


_TEXT = st.lists(st.sampled_from(list("ab é—") + ["\n", "\n\n", "\t", "\r", "\u00a0", "\u2003", "\u200b",
                                                 "\u3000", "\x85", "\u2028", "* * *", "Index", ">"]),
                 max_size=12).map("".join)
_INLINE = ["em", "b", "span", "a", "small", "font", "sup", "u", "o:p"]
_BLOCK = ["p", "div", "li", "td", "blockquote", "center", "h1", "h3", "pre", "table", "ul", "dd"]
_ATTRS = ["", ' href="x"', ' class="info"', ' class="information"', ' class="link"', ' class="note"',
          ' class="title"', ' align="right"', ' class="Fst quoteb"', ' style="text-align: right"']


@st.composite
def _markup(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 9))
        if choice <= 3 or depth >= 4:
            parts.append(draw(_TEXT).replace("&", "&amp;").replace("<", "&lt;"))
        elif choice == 4:
            parts.append(draw(st.sampled_from(["<br>", "<hr>", "<!-- x -->", "<script>x</script>", "<img alt=a>"])))
        else:
            tag = draw(st.sampled_from(_INLINE if choice <= 6 else _BLOCK))
            attrs = draw(st.sampled_from(_ATTRS))
            parts.append(f"<{tag}{attrs}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markup())
def test_compiled_walk_matches_the_reference_on_generated_markup(markup):
    reference, walked = _both(markup)
    assert walked == reference, markup


@compiled
def test_compiled_walk_matches_the_reference_on_every_sample_page(mia_dir):
    differing, pages = [], 0
    for path in sorted(mia_dir.rglob("*.htm*")):
        rel, data = path.relative_to(mia_dir).as_posix(), path.read_bytes()
        text = html._XML_DECL.sub("", html.decode_html(data).text, count=1)
        if not text.strip():
            continue
        try:
            root = etree.fromstring(text, html._PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            continue
        if root is None:
            continue
        body = root.find("body")
        body = root if body is None else body
        pages += 1
        if html.python_walk_blocks(body) != html._walk.walk_blocks(body):
            differing.append(rel)
    assert pages > 8000  # the sample's 8,298 pages, all but the few that are no HTML at all
    assert not differing, f"{len(differing)} pages read differently, first {differing[:5]}"


def test_a_compiled_module_older_than_its_source_is_not_used(tmp_path):
    import time

    from corpus.compiled import current_extension

    source = tmp_path / "_words.pyx"
    source.write_text("# newer than any build\n")
    future = time.time() + 3600
    os.utime(source, (future, future))
    with pytest.warns(UserWarning, match="built before _words.pyx last changed"):
        assert current_extension("corpus._words", source) is None
    past = time.time() - 10 * 365 * 86400
    os.utime(source, (past, past))
    expected = words._words  # the module itself when built, None when the install could not build it
    assert current_extension("corpus._words", source) is expected
    assert current_extension("corpus._no_such_module", source) is None
