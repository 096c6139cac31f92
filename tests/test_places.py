"""Places of writing: gazetteer integrity and real strings from the archive."""

from __future__ import annotations

import re

import pytest

from corpus.places import (
    PlaceMatch,
    _key,
    find_place,
    gazetteer_rows,
    looks_like_place_line,
    read_dateline,
    resolve_place,
    unlisted_place,
)

# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_is_large_enough():
    assert len(gazetteer_rows()) >= 120


@pytest.mark.parametrize("row", gazetteer_rows(), ids=lambda r: r["name"])
def test_row_is_valid(row):
    assert re.fullmatch(r"[A-Z]{2}", row["country"])
    assert -90.0 <= float(row["latitude"]) <= 90.0
    assert -180.0 <= float(row["longitude"]) <= 180.0
    assert row["name"].strip() == row["name"] and row["name"]


def test_no_alias_maps_to_two_places():
    owner: dict[str, str] = {}
    for row in gazetteer_rows():
        names = [row["name"], *filter(None, (a.strip() for a in row["aliases"].split("|")))]
        for alias in names:
            key = _key(alias)
            assert key, alias
            assert owner.setdefault(key, row["name"]) == row["name"], (alias, owner[key])


def test_canonical_names_unique():
    names = [row["name"] for row in gazetteer_rows()]
    assert len(names) == len(set(names))


# --------------------------------------------------------------------------- resolve_place

RESOLVE = [
    # sign-off lines and header values as written in /work/shared/mia and the seed
    ("Coyoacan, D.F.", "Coyoacán", "MX"),
    ("Coyoacan, D. F.", "Coyoacán", "MX"),
    ("Coyoacan D.F.", "Coyoacán", "MX"),
    ("Coyoacan, Mexico", "Coyoacán", "MX"),
    ("Mexico, D.F.", "Mexico City", "MX"),
    ("Mexico City, D.F.", "Mexico City", "MX"),
    ("MEXICO", "Mexico City", "MX"),
    ("PRINKIPO", "Büyükada", "TR"),
    ("Büyük Ada", "Büyükada", "TR"),
    ("Kadikoy", "Kadıköy", "TR"),
    ("Constantinople", "Istanbul", "TR"),
    ("Alma Ata", "Almaty", "KZ"),
    ("Alma-Ata", "Almaty", "KZ"),
    ("Honefoss", "Hønefoss", "NO"),
    ("Hönefoss", "Hønefoss", "NO"),
    ("Kristiania", "Oslo", "NO"),
    ("Christiania", "Oslo", "NO"),
    ("Petrograd.", "Saint Petersburg", "RU"),
    ("St. Petersburg.", "Saint Petersburg", "RU"),
    ("Leningrad", "Saint Petersburg", "RU"),
    ("Petersburg", "Saint Petersburg", "RU"),
    ("Tiflis", "Tbilisi", "GE"),
    ("Kharkov", "Kharkiv", "UA"),
    ("Kiev", "Kyiv", "UA"),
    ("Moscow.", "Moscow", "RU"),
    ("LONDON, ENGLAND", "London", "GB"),
    ("London, Eng.", "London", "GB"),
    ("Los Angeles, Calif.", "Los Angeles", "US"),
    ("San Francisco, Cal.", "San Francisco", "US"),
    ("Chicago, ILL.", "Chicago", "US"),
    ("PHILADELPHIA, PA.", "Philadelphia", "US"),
    ("Washington, D. C.", "Washington", "US"),
    ("New York City, N. Y.", "New York City", "US"),
    ("Brooklyn, New York.", "Brooklyn", "US"),
    ("Brussels, Belgium", "Brussels", "BE"),
    ("Stuttgart, Germany", "Stuttgart", "DE"),
    ("SHANGHAI, CHINA", "Shanghai", "CN"),
    ("Paris, France", "Paris", "FR"),
    ("Berlin-Friedenau", "Friedenau", "DE"),
    ("Charlottenburg, Berlin", "Charlottenburg", "DE"),
    ("Zürich", "Zurich", "CH"),
    ("Barnoul", "Barnaul", "RU"),
    ("Austin, Texas, United States", "Austin", "US"),
]


@pytest.mark.parametrize(("raw", "name", "country"), RESOLVE)
def test_resolve_place(raw, name, country):
    place = resolve_place(raw)
    assert place is not None, raw
    assert (place.name, place.country) == (name, country)


@pytest.mark.parametrize(
    "raw",
    [
        "Editor's Note",
        "Fourth International",
        "The Reply To The Prinkipo Proposal",
        "Letter to the Moscow comrades",
        "Paris Commune: Image Gallery",
        "London dock strike",
        "Moscow and Ourselves",
        "Paris, Texas",  # the qualifier names another country
        "",
        "   ",
        "Prinkipo, March 1930",  # a date is not a qualifier
        "La",
    ],
)
def test_resolve_place_negative(raw):
    assert resolve_place(raw) is None


def test_resolve_returns_place_match():
    place = resolve_place("Coyoacan, D. F.")
    assert isinstance(place, PlaceMatch)
    assert place == PlaceMatch("Coyoacán", "MX", place.latitude, place.longitude)
    assert 19 < place.latitude < 20 and -100 < place.longitude < -99


# --------------------------------------------------------------------------- find_place

FIND = [
    ("Delivered at the Ninth Congress in Moscow, 12 March 1920", "Moscow", "Moscow"),
    ("MEXICO, D.F. – May 9", "Mexico City", "MEXICO, D.F."),
    ("Mexico, DF – May 9, 1951", "Mexico City", "Mexico, DF"),
    ("Prinkipo, March 1930", "Büyükada", "Prinkipo"),
    ("Prinkipo Oct. 3, 1932", "Büyükada", "Prinkipo"),
    ("Coyoacan, D.F., June 17, 1940", "Coyoacán", "Coyoacan, D.F."),
    ("Coyoacan, Mexico, Feb. 26, 1948", "Coyoacán", "Coyoacan, Mexico"),
    ("Kadikoy, October 10,", "Kadıköy", "Kadikoy"),
    ("Barnoul, July–August 1930", "Barnaul", "Barnoul"),
    ("1925–1928, Vienna, Leningrad, Dietskoye Seloe.", "Vienna", "Vienna"),
    ("Vienna, 28 January 1924.", "Vienna", "Vienna"),
    ("Charlottenburg, Berlin, June 1919.", "Charlottenburg", "Charlottenburg, Berlin"),
    ("Saint Pélagie Prison, 1883", "Paris", "Saint Pélagie Prison"),
    ("Geneva, New Year’s Day, 1900", "Geneva", "Geneva"),
    ("Petrograd, August 26th (September 8th), 1917.", "Saint Petersburg", "Petrograd"),
    ("Mexico, November 15, ’46", "Mexico City", "Mexico"),
    ("BOSTON, MASS April 21, 1937", "Boston", "BOSTON, MASS"),
    ("Chicago, Ill., May 3, 1920", "Chicago", "Chicago, Ill."),
    ("San Francisco—November 28, 1936", "San Francisco", "San Francisco"),
    ("Liège, Saturday, December 31.", "Liège", "Liège"),
    ("Berlin-Lichterfelde, April 1919", "Lichterfelde", "Berlin-Lichterfelde"),
    ("ADDRESS DELIVERED AT PARIS MARCH 23, 1900", "Paris", "PARIS"),
    ("A lecture by Paul Foot delivered on 12 July 1991 in London.", "London", "London"),
    (
        "Lecture delivered at a meeting of young workers in Zurich on 9 January 1917",
        "Zurich",
        "Zurich",
    ),
    (
        "pamphlet published in Sydney by the Communist Party of Australia in 1934.",
        "Sydney",
        "Sydney",
    ),
    ("México, 1 de marzo de 1940", "Mexico City", "México"),
]


@pytest.mark.parametrize(("text", "name", "raw"), FIND)
def test_find_place(text, name, raw):
    found = find_place(text)
    assert found is not None, text
    place, written = found
    assert place.name == name
    assert written == raw
    assert written in text


@pytest.mark.parametrize(
    "text",
    [
        "The Reply To The Prinkipo Proposal",
        "Chapter 5: The Executive Committee On The Reply To The Prinkipo Proposal",
        "Letter to the Moscow comrades",
        "A Visit to the Island of Prinkipo (The Militant)",
        "The Tomb of Coyoacan",
        "Moscow and Ourselves, 1920",
        "Fourth International, Vol.1 No.5, October 1940, p.137",
        "Editor's Note",
        "published in New York Times",  # a longer name that starts with a place
        "The Hague Congress of the International",
        "“John Maclean in Dublin,” The Voice of Labour",  # quoted title
        "17 June & 2 August 1940.",
        "Trotsky banished to Alma-Ata",
        "London, New Statesman",
        "",
    ],
)
def test_find_place_negative(text):
    assert find_place(text) is None


# --------------------------------------------------------------------------- looks_like_place_line


@pytest.mark.parametrize(
    "line",
    [
        "Coyoacan, D.F.",
        "Prinkipo, May 1932.",
        "Moscow, April 5th, 1922",
        "New York, January 25, 1940",
        "EDINBURGH 1930",
        "Kronstadt 1921",
        "Paris, December, 1935.",
        "LONDON, February, 1892",
        "Oslo, February 1938",
        "Amsterdam, July 4th, 1935.",
    ],
)
def test_looks_like_place_line(line):
    assert looks_like_place_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Paris Commune: Image Gallery",
        "Moscow-Peking rift",
        "Detroit UAW Asks National Strike Vote!",
        "London, Midland and Scottish",
        "Berlin: J.H.W. Dietz, 1982, pp.43-54.",
        "Yours fraternally,",
        "Leon Trotsky",
        "Delivered at the Ninth Congress in Moscow, 12 March 1920",
        "",
    ],
)
def test_not_place_line(line):
    assert not looks_like_place_line(line)


# --------------------------------------------------------------------------- unlisted places

# Sign-off lines naming a town the gazetteer lacks, qualified by a known country or state.
@pytest.mark.parametrize(
    ("line", "raw"),
    [
        ("Hartenstein, Switzerland", "Hartenstein, Switzerland"),
        ("HARTENSTEIN, SWITZERLAND,", "HARTENSTEIN, SWITZERLAND"),
        ("Woodford Green, Essex.", "Woodford Green, Essex."),
        ("Springfield, Ill.", "Springfield, Ill."),
        ("Geneva, Switzerland, March 3, 1920", "Geneva, Switzerland"),
        ("Paris, Texas", "Paris, Texas"),  # a listed name, but the qualifier says it is not that Paris
        ("LIMPSFIELD, SURREY, England", "LIMPSFIELD, SURREY"),  # county, then country
        ("Newark, NJ., USA, June 1, 1930", "Newark, NJ."),
    ],
)
def test_unlisted_place(line, raw):
    assert unlisted_place(line) == raw


@pytest.mark.parametrize(
    "line",
    [
        "Great Britain, France,",  # a country is not a town
        "John Pickard,",  # a signature
        "John Pickard, May 1989",
        "Penguin Books, England",  # a publisher
        "Berlin-Friedenau, Saarstrasse 19",  # an address: no known qualifier
        "Natalia Sedova Internet Archive, August 2020.",
        "Socialist Review No 2, Melbourne, Winter, 1990.",
        "J. T. M., England",  # initials
        "Dear Comrade, England",
        "Hartenstein, Switzerland, where he wrote the pamphlet",
        "Kent, England, Bob Smith",  # a second part that is neither a date nor a country
        "",
    ],
)
def test_not_unlisted_place(line):
    assert unlisted_place(line) is None


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("text", "name", "raw"),
    [
        ("DETROIT – The lines are being more clearly drawn", "Detroit", "DETROIT"),
        ("DETROIT. – Willow Run Local 50 (UAW-CIO) conducted", "Detroit", "DETROIT"),
        ("MEXICO, D.F. – During the election campaign", "Mexico City", "MEXICO, D.F."),
        ("NEW YORK. – A mob of hooligans", "New York City", "NEW YORK"),
        ("NEW YORK CITY – Max Shachtman, national secretary", "New York City", "NEW YORK CITY"),
        ("WASHINGTON, D.C. – As the local Negro newspaper", "Washington", "WASHINGTON, D.C."),
        ("GRAND RAPIDS – Over 1,600 delegates", "Grand Rapids", "GRAND RAPIDS"),
        ("SHANGHAI – Conversations between some of our comrades", "Shanghai", "SHANGHAI"),
        ("MEXICO – At approximately four o’clock in the morning", "Mexico City", "MEXICO"),
        ("LODI, N.J. – The dye workers", None, "LODI, N.J."),  # unlisted: kept as written, unresolved
        ("PORT ELIZABETH, South Africa – The strike", None, "PORT ELIZABETH, South Africa"),
    ],
)
def test_read_dateline(text, name, raw):
    found = read_dateline(text)
    assert found is not None
    place, as_written = found
    assert as_written == raw
    assert (place.name if place else None) == name


@pytest.mark.parametrize(
    "text",
    [
        "DEAR COMRADE, – I am glad Comrade Ellen Wilkinson’s article",
        "BULLETIN – As we go to press, fighting in Greece",
        "SUBJECT - “Should the Working Class support the Liberal Party?”",
        "I -- THE QUESTION OF MORALE.",
        "LISTEN, YANKEE – The Revolution in Cuba",
        "AAU – Allgemeine Arbeiter-Union",  # an abbreviation in a glossary
        "MEDICINE ... AND ANARCHISM. – Under this title",
        "BUSINESS, INDUSTRY WORK TO PROVE DEFEATISTS ERR – WARNING IS GIVEN",
        "Comrades, – The decision to discuss the question",
        "Marxism – the theory of the proletariat",  # not capitals: a title, not a dateline
        "Detroit UAW Asks National Strike Vote!",
        "CAPITALISM – the system of wage labour",  # a run-in heading: unlisted and unqualified
        "PARIS COMMUNE – The first workers’ government",
    ],
)
def test_not_a_dateline(text):
    assert read_dateline(text) is None
