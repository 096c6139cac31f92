"""Tests for corpus.dates: real strings from the archive, plus property tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dates import ParsedDate, edtf_bounds, find_date, parse_date

D = dt.date

# (raw string as it appears on a marxists.org page, edtf, start, end, precision,
#  approximate, uncertain, calendar).  Header values are copied after their
#  "Written:" / "Delivered:" / "Date:" label; titles from <h3>; sign-offs
#  from <p class="date">.
REAL = [
    # day precision, both orders, ordinals, commas, trailing junk
    ("31 May 1848.", "1848-05-31", D(1848, 5, 31), D(1848, 5, 31), "day", False, False, "gregorian"),
    ("1 March,1965", "1965-03-01", D(1965, 3, 1), D(1965, 3, 1), "day", False, False, "gregorian"),
    ("12 January, 1918", "1918-01-12", D(1918, 1, 12), D(1918, 1, 12), "day", False, False, "gregorian"),
    ("16th November, 1927", "1927-11-16", D(1927, 11, 16), D(1927, 11, 16), "day", False, False, "gregorian"),
    ("21st June, 1961", "1961-06-21", D(1961, 6, 21), D(1961, 6, 21), "day", False, False, "gregorian"),
    ("January 21st, 1931.", "1931-01-21", D(1931, 1, 21), D(1931, 1, 21), "day", False, False, "gregorian"),
    ("July 30th, 1898.", "1898-07-30", D(1898, 7, 30), D(1898, 7, 30), "day", False, False, "gregorian"),
    ("April 19, 1947.", "1947-04-19", D(1947, 4, 19), D(1947, 4, 19), "day", False, False, "gregorian"),
    ("August 16, 1919.[1]", "1919-08-16", D(1919, 8, 16), D(1919, 8, 16), "day", False, False, "gregorian"),
    ("Mach 5, 1918", "1918-03-05", D(1918, 3, 5), D(1918, 3, 5), "day", False, False, "gregorian"),
    ("Petrograd, Oct. 18th, 1921.", "1921-10-18", D(1921, 10, 18), D(1921, 10, 18), "day", False, False, "gregorian"),
    ("Vienna, 28 January 1924.", "1924-01-28", D(1924, 1, 28), D(1924, 1, 28), "day", False, False, "gregorian"),
    ("On February 2, 1962", "1962-02-02", D(1962, 2, 2), D(1962, 2, 2), "day", False, False, "gregorian"),
    ("The Commonwealth. No. 198, 22December 1866", "1866-12-22", D(1866, 12, 22), D(1866, 12, 22), "day", False, False, "gregorian"),
    ("The Commonwealth. No. 193, 17. November 1866", "1866-11-17", D(1866, 11, 17), D(1866, 11, 17), "day", False, False, "gregorian"),
    ("February 9, 1979 (we need clarification of the date)", "1979-02-09", D(1979, 2, 9), D(1979, 2, 9), "day", False, False, "gregorian"),
    ("(19 April 1922)", "1922-04-19", D(1922, 4, 19), D(1922, 4, 19), "day", False, False, "gregorian"),
    ("Last updated on: 7.25.2009", "2009-07-25", D(2009, 7, 25), D(2009, 7, 25), "day", False, False, "gregorian"),
    ("19.10.2006", "2006-10-19", D(2006, 10, 19), D(2006, 10, 19), "day", False, False, "gregorian"),
    ("6. Mai 1887", "1887-05-06", D(1887, 5, 6), D(1887, 5, 6), "day", False, False, "gregorian"),
    ("4 janvier 1963", "1963-01-04", D(1963, 1, 4), D(1963, 1, 4), "day", False, False, "gregorian"),
    # month / season / year / decade
    ("August 1931.", "1931-08", D(1931, 8, 1), D(1931, 8, 31), "month", False, False, "gregorian"),
    ("March, 1943", "1943-03", D(1943, 3, 1), D(1943, 3, 31), "month", False, False, "gregorian"),
    ("Charlottenburg, Berlin, June 1919.", "1919-06", D(1919, 6, 1), D(1919, 6, 30), "month", False, False, "gregorian"),
    ("(December 1922)", "1922-12", D(1922, 12, 1), D(1922, 12, 31), "month", False, False, "gregorian"),
    ("Autumn 1954", "1954-23", D(1954, 9, 1), D(1954, 11, 30), "season", False, False, "gregorian"),
    ("Fall, 1961", "1961-23", D(1961, 9, 1), D(1961, 11, 30), "season", False, False, "gregorian"),
    ("(Summer 1958)", "1958-22", D(1958, 6, 1), D(1958, 8, 31), "season", False, False, "gregorian"),
    ("Spring 1950.", "1950-21", D(1950, 3, 1), D(1950, 5, 31), "season", False, False, "gregorian"),
    ("(Winter 1966/67)", "1966-24", D(1966, 12, 1), D(1967, 2, 28), "season", False, False, "gregorian"),
    ("1921", "1921", D(1921, 1, 1), D(1921, 12, 31), "year", False, False, "gregorian"),
    ("Saint Pélagie Prison, 1883", "1883", D(1883, 1, 1), D(1883, 12, 31), "year", False, False, "gregorian"),
    ("in German in 1913.", "1913", D(1913, 1, 1), D(1913, 12, 31), "year", False, False, "gregorian"),
    ("Early 30's", "193X~", D(1930, 1, 1), D(1939, 12, 31), "decade", True, False, "gregorian"),
    # ranges
    ("ca. February-March 1925", "1925-02~/1925-03~", D(1925, 2, 1), D(1925, 3, 31), "month", True, False, "gregorian"),
    ("April–May 1920", "1920-04/1920-05", D(1920, 4, 1), D(1920, 5, 31), "month", False, False, "gregorian"),
    ("August - September, 1917", "1917-08/1917-09", D(1917, 8, 1), D(1917, 9, 30), "month", False, False, "gregorian"),
    ("October—November, 1918.", "1918-10/1918-11", D(1918, 10, 1), D(1918, 11, 30), "month", False, False, "gregorian"),
    ("June/July 1930.", "1930-06/1930-07", D(1930, 6, 1), D(1930, 7, 31), "month", False, False, "gregorian"),
    ("August/October 1969", "1969-08/1969-10", D(1969, 8, 1), D(1969, 10, 31), "month", False, False, "gregorian"),
    ("12-14 November, 1917", "1917-11-12/1917-11-14", D(1917, 11, 12), D(1917, 11, 14), "day", False, False, "gregorian"),
    ("24-27 December, 1917", "1917-12-24/1917-12-27", D(1917, 12, 24), D(1917, 12, 27), "day", False, False, "gregorian"),
    ("April 11-16, 1983", "1983-04-11/1983-04-16", D(1983, 4, 11), D(1983, 4, 16), "day", False, False, "gregorian"),
    ("between 2 April and 15 December 1936", "1936-04-02/1936-12-15", D(1936, 4, 2), D(1936, 12, 15), "day", False, False, "gregorian"),
    ("La Wallonie, 6–7 March 1937.", "1937-03-06/1937-03-07", D(1937, 3, 6), D(1937, 3, 7), "day", False, False, "gregorian"),
    ("1924-1936;", "1924/1936", D(1924, 1, 1), D(1936, 12, 31), "year", False, False, "gregorian"),
    ("1936–37.", "1936/1937", D(1936, 1, 1), D(1937, 12, 31), "year", False, False, "gregorian"),
    ("1948-66;", "1948/1966", D(1948, 1, 1), D(1966, 12, 31), "year", False, False, "gregorian"),
    ("Vienna, Leningrad, Dietskoye Seloe, 1925-8", "1925/1928", D(1925, 1, 1), D(1928, 12, 31), "year", False, False, "gregorian"),
    ("1956 through 1968", "1956/1968", D(1956, 1, 1), D(1968, 12, 31), "year", False, False, "gregorian"),
    # sets
    ("1892, 1897, 1910", "{1892,1897,1910}", D(1892, 1, 1), D(1910, 12, 31), "year", False, False, "gregorian"),
    ("1915 and 1917", "{1915,1917}", D(1915, 1, 1), D(1917, 12, 31), "year", False, False, "gregorian"),
    # qualifiers
    ("ca. November 1922", "1922-11~", D(1922, 11, 1), D(1922, 11, 30), "month", True, False, "gregorian"),
    ("ca. 1900", "1900~", D(1900, 1, 1), D(1900, 12, 31), "year", True, False, "gregorian"),
    ("Late September 1943", "1943-09~", D(1943, 9, 1), D(1943, 9, 30), "month", True, False, "gregorian"),
    ("(Mid-July 1943)", "1943-07~", D(1943, 7, 1), D(1943, 7, 31), "month", True, False, "gregorian"),
    ("(1929?)", "1929?", D(1929, 1, 1), D(1929, 12, 31), "year", False, True, "gregorian"),
    ("Unknown - 1933(?)", "1933?", D(1933, 1, 1), D(1933, 12, 31), "year", False, True, "gregorian"),
    # Old Style / New Style
    ("October 11/24, 1917", "1917-10-24", D(1917, 10, 24), D(1917, 10, 24), "day", False, False, "julian"),
    ("October 25 (November 7), 1917", "1917-11-07", D(1917, 11, 7), D(1917, 11, 7), "day", False, False, "julian"),
    ("June 23 (July 6), 1917", "1917-07-06", D(1917, 7, 6), D(1917, 7, 6), "day", False, False, "julian"),
    ("January 18 (31), 1918", "1918-01-31", D(1918, 1, 31), D(1918, 1, 31), "day", False, False, "julian"),
    ("January 24 (February 6), 1918", "1918-02-06", D(1918, 2, 6), D(1918, 2, 6), "day", False, False, "julian"),
    ("February 15 (27), 1848", "1848-02-27", D(1848, 2, 27), D(1848, 2, 27), "day", False, False, "julian"),
    ("November 12 (25), 1905", "1905-11-25", D(1905, 11, 25), D(1905, 11, 25), "day", False, False, "julian"),
]


@pytest.mark.parametrize(
    "raw,edtf,start,end,precision,approximate,uncertain,calendar", REAL, ids=[r[0] for r in REAL]
)
def test_real_strings(raw, edtf, start, end, precision, approximate, uncertain, calendar):
    got = parse_date(raw)
    assert got is not None, raw
    assert (got.edtf, got.start, got.end, got.precision) == (edtf, start, end, precision)
    assert (got.approximate, got.uncertain, got.calendar) == (approximate, uncertain, calendar)
    assert got.matched in raw
    assert edtf_bounds(got.edtf) == (got.start, got.end)


# Strings from the brief / archive prose, checked on a few fields only.
@pytest.mark.parametrize(
    "raw,edtf",
    [
        ("17 June & 2 August 1940.", "{1940-06-17,1940-08-02}"),
        ("(June/August 1940)", "1940-06/1940-08"),
        ("October 25 [November 7], 1917", "1917-11-07"),
        ("9/10 February 1929", "1929-02-09/1929-02-10"),
        ("1917-1918", "1917/1918"),
        ("the 1930s", "193X"),
        ("early 1970s", "197X~"),
        ("[1917?]", "1917?"),
        ("probably 1917", "1917?"),
        ("c.1920", "1920~"),
        ("Novemember 7, 1917", "1917-11-07"),
        ("Febuary 1920", "1920-02"),
        ("Sept. 3, 1920", "1920-09-03"),
        ("the 3rd of May 1920", "1920-05-03"),
        ("17.6.1940", "1940-06-17"),
        ("17/6/1940", "1940-06-17"),
        ("1940-06-17", "1940-06-17"),
        ("1 de mayo de 1920", "1920-05-01"),
        ("15 luglio 1920", "1920-07-15"),
        ("23. Juni 1923", "1923-06-23"),
        ("1898/99", "1898/1899"),
        ("December 1917-January 1918", "1917-12/1918-01"),
        ("December 19 (January 1), 1918", "1918-01-01"),  # the year given is the New Style one
        ("July 17 (old style), 1914", "1914-07-30"),
        ("October 25, 1917 O.S.", "1917-11-07"),
        ("ca. February-March 1925 circa", "1925-02~/1925-03~"),
        ("probably ca. 1917", "1917%"),
    ],
)
def test_more_forms(raw, edtf):
    got = parse_date(raw)
    assert got is not None and got.edtf == edtf
    assert edtf_bounds(got.edtf) == (got.start, got.end)


def test_set_of_days():
    got = parse_date("17 June & 2 August 1940.")
    assert got == ParsedDate(
        "{1940-06-17,1940-08-02}", D(1940, 6, 17), D(1940, 8, 2), "day", False, False,
        "gregorian", "17 June & 2 August 1940",
    )


def test_double_date_vs_range():
    # 13 days apart before the 1918 switch: one day, Old Style / New Style
    assert parse_date("October 11/24, 1917").calendar == "julian"
    # 13 days apart after the switch: a range
    got = parse_date("March 1/14, 1950")
    assert got.edtf == "1950-03-01/1950-03-14" and got.calendar == "gregorian"
    # not the right offset: a range
    assert parse_date("October 11/20, 1917").edtf == "1917-10-11/1917-10-20"
    # 11 days in the 1700s
    assert parse_date("July 3/14, 1789").edtf == "1789-07-14"
    # N.S. inside the parentheses, year from default_year
    got = parse_date("24th of August (6th of September, N.S.)", default_year=1917)
    assert got.edtf == "1917-09-06" and got.calendar == "julian"


def test_sign_off_takes_default_year():
    assert parse_date("The Hague, December 11") is None
    got = parse_date("The Hague, December 11", default_year=1872)
    assert got.edtf == "1872-12-11" and got.matched == "December 11"
    assert parse_date("August 2", default_year=1940).start == D(1940, 8, 2)
    # a written year wins over the default
    assert parse_date("August 2, 1909", default_year=1940).edtf == "1909-08-02"
    # find_date uses default_year only for a written day, never for "May" alone
    assert find_date("you may go", default_year=1940) is None
    assert find_date("Rome, January 15", default_year=1920).edtf == "1920-01-15"


@pytest.mark.parametrize(
    "text,edtf,matched",
    [
        ("Delivered: 12 March 1920 at the Ninth Congress of the R.C.P.", "1920-03-12", "12 March 1920"),
        ("From Labor Action, Vol. 5 No. 34, 25 August 1941. p. 3.", "1941-08-25", "25 August 1941"),
        ("Fourth International, Vol.1 No.5, October 1940, p.137", "1940-10", "October 1940"),
        ("The Militant, Vol. IV No. 28, 24 October 1931, p. 4.", "1931-10-24", "24 October 1931"),
        ("The Militant, New York, Volume 2, Nos. 9-10, May 1-15, 1929", "1929-05-01/1929-05-15", "May 1-15, 1929"),
        ("Socialist Appeal, vol. 5 no. 15 (Mid-July 1943) Transcription", "1943-07~", "(Mid-July 1943)"),
        ("Fourth International, Vol.16 No.4, Fall 1955, p.143.", "1955-23", "Fall 1955"),
        ("Science and Society 29 (Summer 1965)", "1965-22", "(Summer 1965)"),
        ("New International, Vol.1 No.3, September-October 1934, pp.67-68.", "1934-09/1934-10", "September-October 1934"),
        ("Westport, Conn. : Hyperion Press, 1976, c1932.", "1976", "1976"),
        ("In N.S.W. the general strike of 1917 was", "1917", "1917"),
        ("The Communist International, Vol. X, No. 16, Auguat 15, 1933", "1933-08-15", "Auguat 15, 1933"),
    ],
)
def test_find_date(text, edtf, matched):
    got = find_date(text)
    assert got is not None and (got.edtf, got.matched) == (edtf, matched)


@pytest.mark.parametrize(
    "text",
    [
        "Vol.1 No.5, p.137",
        "Vol. 4 No. 11, pp. 79-83",
        "Nos.3 & 4, p. 12",
        "He had 1000 men and 350 rifles",
        "the 4th International",
        "in his 30's",  # an age, not a decade, in running text
        "issue 547, 12 pages",
        "3/4/1940",  # cannot tell March 4 from April 3
        "Unknown Date",
        "",
    ],
)
def test_find_date_no_date(text):
    assert find_date(text) is None


@pytest.mark.parametrize("raw", ["30 February 1920", "31 April 1921", "February 29, 1919", "1920-13-01"])
def test_impossible_dates(raw):
    assert parse_date(raw) is None


def test_impossible_date_is_skipped_not_truncated():
    # "February 1920" must not be read out of the impossible day
    assert find_date("on 30 February 1920 they met") is None
    assert find_date("on 30 February 1920, then on 2 March 1920").edtf == "1920-03-02"


def test_bare_year_range():
    assert find_date("about 1650 people") is None
    assert find_date("in 2045") is None
    assert find_date("in 1700").edtf == "1700"
    assert find_date("in 2029").edtf == "2029"


@pytest.mark.parametrize(
    "edtf,bounds",
    [
        ("1940-06-17", (D(1940, 6, 17), D(1940, 6, 17))),
        ("1940-02", (D(1940, 2, 1), D(1940, 2, 29))),
        ("1954-23~", (D(1954, 9, 1), D(1954, 11, 30))),
        ("1954-24", (D(1954, 12, 1), D(1955, 2, 28))),
        ("194X", (D(1940, 1, 1), D(1949, 12, 31))),
        ("1940-06-17/1940-08-02", (D(1940, 6, 17), D(1940, 8, 2))),
        ("{1940-06-17,1940-08-02}", (D(1940, 6, 17), D(1940, 8, 2))),
        ("[1915,1917]", (D(1915, 1, 1), D(1917, 12, 31))),
        ("1917%", (D(1917, 1, 1), D(1917, 12, 31))),
    ],
)
def test_edtf_bounds(edtf, bounds):
    assert edtf_bounds(edtf) == bounds


@pytest.mark.parametrize(
    "bad", ["", "1940-13", "1940-02-30", "19", "1940/1939", "{1940", "June 1940", "1940-23-01", "../1940"]
)
def test_edtf_bounds_rejects(bad):
    with pytest.raises(ValueError):
        edtf_bounds(bad)


# --------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

dates = st.dates(min_value=D(1700, 1, 1), max_value=D(2029, 12, 31))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DAY_FORMATS = [
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{ABBR[d.month - 1]} {_ordinal(d.day)}, {d.year}.",
    lambda d: f"the {_ordinal(d.day)} of {MONTH_NAMES[d.month - 1]}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"Written: {d.day} {MONTH_NAMES[d.month - 1]} {d.year}.",
]


@given(dates, st.sampled_from(DAY_FORMATS))
def test_property_day_formats(d, fmt):
    got = parse_date(fmt(d))
    assert got is not None
    assert got.start == got.end == d
    assert got.precision == "day"
    assert edtf_bounds(got.edtf) == (got.start, got.end)


@given(dates, st.sampled_from(["{m} {y}", "{m}, {y}", "({m} {y})", "ca. {m} {y}", "{y}",
                               "Summer {y}", "Winter {y}", "{dec}s", "Early {y}", "[{y}?]"]))
def test_property_coarser_formats(d, fmt):
    raw = fmt.format(m=MONTH_NAMES[d.month - 1], y=d.year, dec=d.year - d.year % 10)
    got = parse_date(raw)
    assert got is not None
    assert got.start <= d.replace(day=1) <= got.end or got.precision == "season"
    assert got.start <= got.end
    assert edtf_bounds(got.edtf) == (got.start, got.end)


@given(dates, dates, st.sampled_from(["{a} - {b}", "{a} to {b}", "between {a} and {b}",
                                      "{a} & {b}", "{a}, {b}"]))
def test_property_ranges_and_sets(a, b, fmt):
    a, b = min(a, b), max(a, b)

    def full(d):
        return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"

    got = parse_date(fmt.format(a=full(a), b=full(b)))
    assert got is not None
    assert (got.start, got.end) == (a, b)
    assert edtf_bounds(got.edtf) == (got.start, got.end)


@given(st.dates(min_value=D(1700, 3, 1), max_value=D(1918, 1, 31)))
def test_property_old_style(julian):
    # Treat the (y, m, d) of `julian` as an Old Style day; its New Style day is
    # the offset later.  Written "Month d (Month d'), y" it reads as one day.
    y, m, d = julian.year, julian.month, julian.day
    offset = 13 if (y, m, d) >= (1900, 3, 1) else 12 if (y, m, d) >= (1800, 3, 1) else 11
    ns = julian + dt.timedelta(days=offset)
    if ns.year != y:
        return
    raw = f"{MONTH_NAMES[m - 1]} {d} ({MONTH_NAMES[ns.month - 1]} {ns.day}), {y}"
    got = parse_date(raw)
    assert got is not None and got.start == got.end == ns and got.calendar == "julian"
    got = parse_date(f"{MONTH_NAMES[m - 1]} {d}, {y} O.S.")
    assert got is not None and got.start == ns and got.calendar == "julian"


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_property_never_raises_on_text(text):
    for fn in (parse_date, find_date):
        got = fn(text)
        assert got is None or isinstance(got, ParsedDate)
        if got is not None:
            assert got.start <= got.end
            assert edtf_bounds(got.edtf) == (got.start, got.end)
            assert got.matched in text


DATE_WORDS = st.sampled_from(
    MONTH_NAMES + ABBR + ["1917", "1940", "24", "7", "31", "30", "1", "(", ")", "[", "]", "/", "-",
                          "–", ",", ".", "&", "and", "or", "to", "between", "ca.", "c.", "?", "Early",
                          "Late", "Mid-", "O.S.", "N.S.", "Winter", "Summer", "1930s", "30's", "the",
                          "of", "No.", "Vol.", "p.", "1966/67", "99", "17.6.1940", "Mach", "Sept."]
)


@settings(max_examples=400)
@given(st.lists(DATE_WORDS, max_size=12), st.sampled_from([" ", ""]), st.none() | st.integers(1700, 2029))
def test_property_never_raises_on_date_like_text(words, sep, default_year):
    text = sep.join(words)
    for fn in (parse_date, find_date):
        got = fn(text, default_year=default_year)
        assert got is None or isinstance(got, ParsedDate)
        if got is not None:
            assert got.start <= got.end
            assert got.precision in ("day", "month", "season", "year", "decade")
            assert edtf_bounds(got.edtf) == (got.start, got.end)
            assert got.matched in text


def test_the_lowercase_token_pattern_has_no_capital_letters_of_its_own():
    # _TOKEN_RE_LOWER matches lowercased text case-sensitively: a capital in the pattern (outside
    # escapes like \W and group names) could never match there.
    import re as _re

    from corpus.dates import _TOKEN_RE

    literal = _re.sub(r"\\[A-Za-z]|\(\?P<\w+>|\(\?P=\w+\)", "", _TOKEN_RE.pattern)
    assert not _re.search(r"[A-Z]", literal)


_DATE_WORDS = ["March", "MARCH", "mar.", "Sept", "Spring", "early", "Mid-", "circa", "C.", "O.S.", "New Style",
               "between", "AND", "to", "or", "No.", "pp.", "Vol", "1917", "3rd", "21st", "1920s", "'30s", "12.3.1920",
               "1905-1907", "1923-04-05", "(", ")", "[", "?", ",", ".", "–", "/", "&", "x", "The", "IN", "of"]


@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=10), st.lists(st.sampled_from([" ", ", ", "", " - "]),
                                                                       min_size=10, max_size=10))
def test_ascii_text_gives_the_same_tokens_lowercased(words, seps):
    from corpus.dates import _TOKEN_RE, _TOKEN_RE_LOWER

    text = "".join(w + s for w, s in zip(words, seps))
    ignoring_case = [(m.lastgroup, m.span(), {k: (v or "").lower() for k, v in m.groupdict().items()})
                     for m in _TOKEN_RE.finditer(text)]
    lowered = [(m.lastgroup, m.span(), {k: v or "" for k, v in m.groupdict().items()})
               for m in _TOKEN_RE_LOWER.finditer(text.lower())]
    assert lowered == ignoring_case
