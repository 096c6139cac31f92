"""The HTML reader on small synthetic pages in the archive's markup styles."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.blocks import BlockKind
from corpus.interpret import interpret
from corpus.readers.html import _collapsed, read_html_page
from corpus.rejects import NotADocument, Rejected


def page(body: str, head: str = "<title>Leon Trotsky: A Test (1940)</title>") -> bytes:
    return (f'<html><head><meta http-equiv="content-type" content="text/html; charset=iso-8859-1">'
            f"{head}</head><body>{body}</body></html>").encode("cp1252")


def doc(body: str, **kw):
    data = page(body, **kw)
    return interpret(read_html_page(data, "archive/test/page.htm"), sha256=hashlib.sha256(data).hexdigest())


TEXT = "<p>" + " ".join(["The working class moves forward."] * 12) + "</p>"


def test_information_block_labels_and_values():
    blocks = read_html_page(page(
        '<p class="information"><span class="info">Written:</span> 17 June 1940<br>'
        '<span class="info">Source: Labor Action</span><br>'  # the value inside the label's span
        '<span class="info">Transcription\\HTML Markup</span> David Walters<br>'  # no colon
        "Transcribed &amp; marked up by Einde O’Callaghan.</p>"), "x.htm").blocks
    headers = [(b.label, b.text) for b in blocks if b.kind is BlockKind.HEADER]
    assert headers == [("Written", "17 June 1940"), ("Source", "Labor Action"),
                       ("Transcription\\HTML Markup", "David Walters"),
                       (None, "Transcribed & marked up by Einde O’Callaghan.")]


def test_navigation_and_return_images_leave_nothing():
    d = doc('<p class="toplink"><a href="../index.htm">MIA</a> &gt; <a href="x">Archive</a> &gt; Trotsky</p>'
            "<h2>Leon Trotsky</h2><h1>A Test</h1>" + TEXT +
            '<p class="link"><a href="#top">Top of the page</a></p>'
            '<h3><img src="return2.jpg" alt="return"></h3>'
            '<p class="updat">Last updated on: 22.4.2007</p>')
    assert d.text.startswith("The working class") and d.text.endswith("forward.")
    for furniture in ("MIA", "Top of the page", "return", "Last updated"):
        assert furniture not in d.text


def test_footnotes_go_to_notes_and_charset_is_cp1252():
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1>" + TEXT.replace("forward.</p>", "forward.“[1]”</p>")
            + '<h3>Notes</h3><p class="note">1. A note about the text.</p>')
    assert [(n.label, n.text) for n in d.notes] == [("1", "A note about the text.")]
    assert "“[1]”" in d.text and "A note" not in d.text


def test_chapter_page_knows_its_book():
    d = doc("<h2>Karl Kautsky</h2><h1>Thomas More and his Utopia</h1>"
            "<h4>Chapter IV. More as Politician</h4>" + TEXT)
    assert (d.title, d.work_title, d.author) == ("Chapter IV. More as Politician",
                                                "Thomas More and his Utopia", "Karl Kautsky")


def test_byline_paragraph_gives_the_author():
    d = doc('<h1>Barricades in Barcelona</h1><p>By Albert Weisbord</p>' + TEXT,
            head="<title>Barricades in Barcelona</title>")
    assert (d.author, d.title) == ("Albert Weisbord", "Barricades in Barcelona")
    assert not d.text.startswith("By")


def test_loose_text_after_inline_elements_is_kept():
    # Text straight in <body>, between inline elements and <br>s, is the tail of those elements.
    blocks = read_html_page(page("Some <em>emphasis</em> and more<br>a second line <a href='x'>a link</a>"
                                 " after the link<p>A paragraph.</p>"), "archive/test/page.htm").blocks
    assert [b.text for b in blocks] == ["Some emphasis and more\na second line a link after the link",
                                        "A paragraph."]


def test_title_and_byline_in_one_paragraph():
    d = doc("<p><center><font size=+3><b>SCIENTIFIC MATERIALISM</font></b><br />By Albert Weisbord"
            "<br />(From the magazine Example, May-June 1974)</p>" + TEXT,
            head="<title>SCIENTIFIC MATERIALISM</title>")
    assert (d.author, d.title) == ("Albert Weisbord", "SCIENTIFIC MATERIALISM")
    assert d.date is not None and d.date.edtf == "1974-05/1974-06"
    assert d.text.startswith("The working class")


def test_a_name_shaped_title_above_a_byline_is_the_title():
    d = doc("<h3>Remember Sacco and Vanzetti</h3><p>By Vera B. Weisbord</p>" + TEXT,
            head="<title>Remember Sacco and Vanzetti</title>")
    assert (d.author, d.title) == ("Vera B. Weisbord", "Remember Sacco and Vanzetti")


def test_a_byline_further_down_does_not_displace_the_author_line():
    # An introduction by the translator under the author's name and the title: the page stays the author's.
    d = doc("<h2>Leon Trotsky</h2><h1>The Trade Unions</h1><h3>Introduction</h3><h4>by Guy Desolre</h4>" + TEXT,
            head="<title>The Trade Unions</title>")
    assert d.author == "Leon Trotsky"


def test_h1_author_named_by_the_title_as_author():
    # <title> "Author: Title (date)" names the h1 as the author, so its words do not mark it a title.
    d = doc("<h1>James P. Cannon</h1><h3>Even A Browder Can Learn</h3>" + TEXT,
            head="<title>James P. Cannon: Even A Browder Can Learn (July 1931)</title>")
    assert (d.author, d.title) == ("James P. Cannon", "Even A Browder Can Learn")


def test_a_lone_heading_that_is_the_pages_title_is_no_author():
    with pytest.raises(Rejected, match="no author"):
        doc("<h2>Afro-American Guerilla Warfare</h2>" + TEXT, head="<title>Afro-American Guerilla Warfare</title>")


def test_a_heading_listing_the_chapters_is_not_the_title():
    d = doc("<h4>Chris Harman</h4><h3>A people's history of the world</h3><h1>Part two<br>The ancient world</h1>"
            "<h3>Chapter 1. Iron and empires<br>Chapter 2. Ancient India<br>Chapter 3. Rome</h3>" + TEXT,
            head="<title>Chris Harman: A people's history of the world (Part 2)</title>")
    assert (d.author, d.title, d.work_title) == ("Chris Harman", "Part two: The ancient world",
                                                 "A people's history of the world")
    assert d.subtitle is None


def test_stray_markup_above_the_header_is_not_the_text():
    # '<hr />><p class="information">…': a lone '>' left by broken markup, then the header block.
    d = doc('<h2>Leon Trotsky</h2><h3>A Test</h3><hr />><p class="information"><span class="info">Source</span>: '
            "The Militant, 1 May 1940.</p><hr />" + TEXT)
    assert d.text.startswith("The working class")
    assert d.source.source == "The Militant, 1 May 1940."


def test_wrapped_source_lines_are_spaces_and_br_is_a_line_break():
    blocks = read_html_page(page("<p>A sentence the transcriber\n   wrapped in the source,<br>and a line\nbreak.</p>"
                                 "<p>Stanza one<br>\nstanza two</p>"), "archive/test/page.htm").blocks
    assert [b.text for b in blocks] == ["A sentence the transcriber wrapped in the source,\nand a line break.",
                                        "Stanza one", "stanza two"]  # <br> then a new source line parts blocks


def test_a_paragraph_that_mentions_moving_is_no_moved_notice():
    d = doc("<h2>V. I. Lenin</h2><h3>Speech</h3><p>I think, comrades, that there is no need for this amendment "
            "which Comrade Zinoviev has\nmoved. I hope that only members of the Party are in the hall; in view of "
            "the state importance of the question, I think that we can adopt a decision.</p>",
            head="<title>V. I. Lenin: Speech</title>")
    assert "has moved." in d.text


def test_a_short_notice_that_the_page_moved_is_skipped():
    with pytest.raises(NotADocument) as err:
        doc("<h1>Page not found</h1><p>This page has moved to the Lenin Internet Archive.</p>")
    assert err.value.reason.value == "moved"


def test_separator_lines_are_rules_in_html_as_in_text():
    blocks = read_html_page(page("<p>One.</p><p>* * *</p><h4>* * *</h4><p class='c'>***********</p><p>Two.</p>"),
                            "archive/test/page.htm").blocks
    assert [(b.kind, b.text) for b in blocks] == [(BlockKind.PARAGRAPH, "One."), (BlockKind.RULE, "* * *"),
                                                  (BlockKind.RULE, "* * *"), (BlockKind.RULE, "***********"),
                                                  (BlockKind.PARAGRAPH, "Two.")]
    d = doc("<h2>Leon Trotsky</h2><h3>A Test</h3>" + TEXT + "<h4>* * *</h4>" + TEXT + "<p>* * *</p>")
    assert "*" not in d.text and d.text.count("\n\n") == 1


def test_a_role_under_the_signature_goes_with_it():
    d = doc("<h2>Max Shachtman</h2><h3>An Appeal</h3>" + TEXT + "<p>MAX SHACHTMAN</p><p>National Secretary</p>",
            head="<title>Max Shachtman: An Appeal</title>")
    assert d.signed == "MAX SHACHTMAN National Secretary" and d.text.endswith("forward.")
    d = doc("<h2>Andres Nin</h2><h3>A Danger</h3>" + TEXT + "<p>—ANDRES NIN</p>", head="<title>Andres Nin: A Danger</title>")
    assert d.signed == "—ANDRES NIN" and d.text.endswith("forward.")


def test_the_archives_notes_go_to_notes_and_the_footer_does_not():
    d = doc("<h2>Leon Trotsky</h2><h3>A Test</h3>" + TEXT + "<h4>Footnote</h4><p class='note'>1. The author's note.</p>"
            "<p>“A verse the note quotes,</p><h3>Note by MIA</h3><p class='note'>1*. The archive's note.</p>"
            "<p><a href='../index.htm'>Leon Trotsky</a></p><p><a href='../../index.htm'>Archives</a></p>")
    assert d.text.endswith("forward.")
    assert [n.text for n in d.notes] == ["The author's note.", "“A verse the note quotes,", "The archive's note."]
    d = doc("<h2>Leon Trotsky</h2><h3>A Test</h3>" + TEXT + "<h3>Note by MIA</h3><p>1. In the printed version “31”.</p>")
    assert d.text.endswith("forward.") and [n.text for n in d.notes] == ["In the printed version “31”."]


def test_a_byline_on_two_lines_in_capitals():
    d = doc("<h1>History of the World Crisis</h1><h2>Lecture 6:<br>The German Revolution</h2>"
            "<p>by<br>\nJ. C. MARIATEGUI</p>" + TEXT, head="<title>History of the World Crisis, Lecture 6</title>")
    assert d.author == "J. C. Mariategui" and d.text.startswith("The working class")


def test_signoff_and_signature():
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1>" + TEXT +
            '<p class="date">Coyoacan, D.F.<br>June 17, 1940</p><p>L. T.</p>')
    assert d.place.name == "Coyoacán" and d.signed == "L. T."
    assert d.date.start.isoformat() == "1940-06-17" and d.date.basis == "signoff"
    assert "Coyoacan" not in d.text


def test_unlisted_signoff_place_kept_as_written():
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1>" + TEXT +
            "<p>Hartenstein, Switzerland</p><p>August 4, 1916.</p>")
    assert d.place.raw == "Hartenstein, Switzerland" and d.place.name is None and d.place.country is None
    assert "Hartenstein" not in d.text and d.date.start.isoformat() == "1916-08-04"


def test_unlisted_place_amid_the_text_is_not_a_signoff():
    more = TEXT.replace("<p>", "<p>More: ")
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1>" + TEXT + "<p>Hartenstein, Switzerland</p>" + TEXT + more * 3)
    assert d.place is None and "Hartenstein, Switzerland" in d.text


def test_dateline_without_a_date():
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1><p>GRAND RAPIDS – Over 1,600 delegates met here.</p>" + TEXT)
    assert d.place.name == "Grand Rapids" and d.place.raw == "GRAND RAPIDS"
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1><p>WOODSTOCK, Ill. – The strike goes on.</p>" + TEXT)
    assert d.place.name is None and d.place.raw == "WOODSTOCK, Ill."
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1><p>CAPITALISM – The system of wage labour.</p>" + TEXT)
    assert d.place is None


def test_glossary_entries_are_not_datelines():
    d = doc("<h2>Leon Trotsky</h2><h1>A Test</h1><p>ADGB – Allgemeiner Deutscher Gewerkschaftsbund.</p>"
            "<p>KAPD – Kommunistische Arbeiter-Partei Deutschlands.</p>" + TEXT)
    assert d.place is None


def test_author_line_followed_by_the_book_title():
    d = doc('<p class="title">Arthur Ransome<br>Russia in 1919</p><h3>To Petrograd</h3>' + TEXT,
            head="<title>Russia in 1919 — Chapter 1</title>")
    assert (d.author, d.work_title, d.title) == ("Arthur Ransome", "Russia in 1919", "To Petrograd")


def test_a_title_is_not_taken_for_an_author():
    d = doc('<h3>Britain in the World Front</h3><h4>Chapter I</h4><h3>Our Task</h3>' + TEXT,
            head='<title>Britain in the World Front</title><meta name="author" content="R. Palme Dutt">')
    assert d.author == "R. Palme Dutt"


def test_initials_are_expanded_from_the_meta_author():
    head = '<title>Spain</title><meta name="author" content="Max Shachtman">'
    assert doc("<h2>M.S.</h2><h1>Spain</h1>" + TEXT, head=head).author == "Max Shachtman"
    assert doc("<h2>S—n</h2><h1>Spain</h1>" + TEXT, head=head).author == "Max Shachtman"
    # initials of someone else stay as the page signs them
    other = '<title>Spain</title><meta name="author" content="Felix Morrow">'
    assert doc("<h2>M.S.</h2><h1>Spain</h1>" + TEXT, head=other).author == "M.S."


def test_author_from_a_title_ending_in_by():
    d = doc("<h2>The Trade Unions: Communist Theory and Practice of Trade Unionism</h2><h3>The Basic Wage</h3>"
            + TEXT, head="<title>The Trade Unions by Lance Sharkey 1961</title>")
    assert d.author == "Lance Sharkey"


def test_signature_above_the_signoff_leaves_the_text():
    d = doc("<h2>Gregory Zinoviev</h2><h1>A Test</h1>" + TEXT +
            "<p>GREGORY ZINOVIEV</p><p>Hartenstein, Switzerland</p><p>August 4, 1916.</p>",
            head="<title>Gregory Zinoviev: A Test</title>")
    assert d.signed == "GREGORY ZINOVIEV" and d.place.raw == "Hartenstein, Switzerland"
    assert d.text.endswith("moves forward.") and d.date.start.isoformat() == "1916-08-04"
    # a place in capitals under the text is a sign-off, not a signature
    d = doc("<h2>Gregory Zinoviev</h2><h1>A Test</h1>" + TEXT + "<p>(To be continued)</p>"
            "<p>HARTENSTEIN, SWITZERLAND,</p><p>Aug. 4, 1916</p>", head="<title>Gregory Zinoviev: A Test</title>")
    assert d.signed is None and d.place.raw == "HARTENSTEIN, SWITZERLAND" and "continued" not in d.text


def test_the_reviewed_book_goes_to_the_header():
    d = doc("<h2>Duncan Hallas</h2><h1>A Test</h1><p>On Trotskyism</p><p>by Kostas Mavrakis</p>"
            "<p>Routledge and Kegan Paul £4.95 paperback</p>" + TEXT)
    assert d.text.startswith("The working class")
    assert [(h.label, h.value) for h in d.header if h.label == "Review of"] == [
        ("Review of", "On Trotskyism / by Kostas Mavrakis / Routledge and Kegan Paul £4.95 paperback")]


def test_short_prose_above_the_text_is_not_a_citation():
    opening = ("<p>A booklet is being prepared by Bryant and May Ltd, the match firm, to mark a hundred "
               "years of their works.</p>")
    d = doc("<h2>Brian Pearce</h2><h1>A Test</h1>" + opening + TEXT)
    assert d.text.startswith("A booklet") and not any(h.label == "Review of" for h in d.header)
    epigraph = "<p>“Workers of the world, unite!”</p><p>Marx, Selected Works, Progress Publishers</p>"
    assert doc("<h2>Brian Pearce</h2><h1>A Test</h1>" + epigraph + TEXT).text.startswith("“Workers")


_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "\u200b"


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(_SPACES) | st.characters(), max_size=60))
def test_collapsed_is_split_and_join(line):
    # The fast path must give exactly what splitting on whitespace and joining with spaces gives.
    assert _collapsed(line) == " ".join(line.split())


_LINE_START = st.sampled_from(["", "* * *", "—", "Return", "top of page", "Next chapter", "MIA > ", "Last updated",
                               "Table of Contents", "Index", "contents »", "The return of", "  "])


@given(start=_LINE_START, rest=st.text(alphabet="abc *-_·>|:.\n", max_size=12))
def test_one_match_screens_for_separator_and_navigation_lines(start, rest):
    # The reader screens each paragraph with one regex before asking the two it joins.
    from corpus.blocks import NAVIGATION_LINE, SEPARATOR_LINE
    from corpus.readers.html import _SEPARATOR_OR_NAVIGATION

    text = start + rest
    assert bool(_SEPARATOR_OR_NAVIGATION.match(text)) == bool(SEPARATOR_LINE.match(text) or NAVIGATION_LINE.match(text))
