"""Title lines: what is a name, and where the author, title and book are on real pages."""

from __future__ import annotations

import pytest

from corpus.blocks import Block, BlockKind, Page
from corpus.titles import _looks_like_name, read_title_lines

# Author lines as the archive writes them.
NAMES = [
    "Leon Trotsky", "V.I. Lenin", "GREGORY ZINOVIEV", "J.R. Johnson", "E. Belfort Bax", "A. Lozovsky",
    "Rosa de Luxemburg", "Tony Cliff and Ian Birchall", "Tony Cliff & Robin Peterson", "Ernest Mandel et al.",
    "By Albert Weisbord", "Frederick Engels 1887", "Nikolai Bukharin (1924)", "M.S.", "Jose Carlos Mariategui",
    "August Thalheimer: Introduction to Dialectical Materialism", "Theresa May",
]
# Lines in the same places that are titles, books, periodicals or headings.
NOT_NAMES = [
    "Russia in 1919", "The Trade Unions", "Our Task", "Chapter I", "Article IV", "Britain in the World Front",
    "Growth Of Trade Unionism In Australia", "Twenty Years in Underground Russia", "Notes of the Month",
    "Appendix. Recent Developments", "* * *", "Marx and", "What Is To Be Done?", "Lenin’s Last Struggle",
    "Hit the Oil Barons where it hurts, says David Breen", "Communist Party of Australia. 1961",
    "New International, September-October 1934", "International Socialist Review, Fall 1960",
    "MIA: Writers: Lenin", "John Reed Internet Archive", "Biographical Sketch",
]


@pytest.mark.parametrize("text", NAMES)
def test_names(text):
    assert _looks_like_name(text)


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_names(text):
    assert not _looks_like_name(text)


def heading(text: str, level: int, hint: str | None = None) -> Block:
    return Block(BlockKind.HEADING, text, level=level, hint=hint)


def lines(*headings: Block, title: str | None = None, author: str | None = None):
    page = Page(path="archive/x/page.htm", raw_format="mia-html", html_title=title,
                meta={"author": author} if author else {})
    names = read_title_lines(list(headings), page)
    return names.author, names.title, names.subtitle, names.work_title, names.title_date


def test_conventional_author_title_date():
    author, title, subtitle, work, date = lines(heading("Leon Trotsky", 2), heading("Stalinism and Bolshevism", 1),
                                                heading("(August 1937)", 3))
    assert (author, title, subtitle, work, date) == ("Leon Trotsky", "Stalinism and Bolshevism", None, None,
                                                     "August 1937")


def test_name_then_book_on_one_title_line():
    author, title, _, work, date = lines(heading("Cecilia Bobrovskaya\nTwenty Years in Underground Russia", 2, "title"),
                                         heading("II. My First Trip Abroad", 3))
    assert (author, title, work, date) == ("Cecilia Bobrovskaya", "II. My First Trip Abroad",
                                           "Twenty Years in Underground Russia", None)


def test_book_line_where_the_name_would_be_takes_the_author_from_meta():
    author, title, _, work, _ = lines(heading("Britain in the World Front", 3), heading("Chapter I", 4),
                                      heading("Our Task", 3), title="Britain in the World Front",
                                      author="R. Palme Dutt")
    assert (author, title, work) == ("R. Palme Dutt", "Chapter I: Our Task", "Britain in the World Front")


def test_the_archive_naming_itself_is_no_author():
    author, title, *_ = lines(heading("John Reed Internet Archive", 2, "title"), heading("Mac—American", 1),
                              title="Mac—American", author="John Reed")
    assert (author, title) == ("John Reed", "Mac—American")
    author, title, *_ = lines(heading("MIA: Writers: Lenin: The State and Revolution", 2, "title"),
                              title="The State and Revolution", author="Vladimir Lenin")
    assert (author, title) == ("Vladimir Lenin", "The State and Revolution")


def test_author_with_a_date_gives_the_title_date():
    author, *_, date = lines(heading("Trotsky February 1926\nProblems of the British Revolution", 2),
                             heading("Where is Britain Going?", 1))
    assert (author, date) == ("Trotsky", "February 1926")


def test_html_title_author_loses_its_year():
    author, *_ = lines(heading("History of the World Crisis", 1),
                       title="J. C. Mariategui (1924): History of the World Crisis")
    assert author == "J. C. Mariategui"


def test_a_role_under_the_name_is_a_note_not_a_book():
    page = Page(path="archive/x/page.htm", raw_format="mia-html")
    names = read_title_lines([heading("Arthur Horner\n(President of the South Wales Miners’ Federation)", 2),
                              heading("The Coal Crisis", 1)], page)
    assert (names.author, names.work_title, names.title) == ("Arthur Horner", None, "The Coal Crisis")
    assert names.author_note == "President of the South Wales Miners’ Federation"
