"""Licence statements: real header lines from the archive and the seed page."""

from __future__ import annotations

import pytest

from corpus.licenses import LicenseInfo, classify_license, is_license_statement, rules

SEED = (
    "Copyleft: Leon Trotsky Internet Archive (www.marxists.org) 2002. Permission is granted "
    "to copy and/or distribute this document under the terms of the GNU Free Documentation "
    "License."
)
PD_MIA = (
    "Public Domain: Marxists Internet Archive (2016). You may freely copy, distribute, "
    "display and perform this work; as well as make derivative and commercial works. "
    'Please credit "Marxists Internet Archive" as your source.'
)

CC = "copyleft"
PD = "public-domain"
PERM = "permission"
UNK = "unknown"

CASES = [
    (SEED, CC, "GFDL-1.1-or-later", True),
    (
        (
            "Copyleft: Felix Morrow Internet Archive (www.marx.org) 2004. Permission is granted to "
            "copy and/or distribute this document under the terms of the GNU Free Documentation "
            "License"
        ),
        CC,
        "GFDL-1.1-or-later",
        True,
    ),
    (
        (
            "Copyleft: Frank Glass Internet Archive (www.marxists.org) 2004 Permission is granted to "
            "copy and/or distribute this document under the terms of the GNU Free Documentation "
            "License"
        ),
        CC,
        "GFDL-1.1-or-later",
        True,
    ),
    (
        (
            "Permission is granted to copy, distribute and/or modify this document under the terms "
            "of the GNU Free Documentation License, Version 1.2 or any later version published by "
            "the Free Software Foundation"
        ),
        CC,
        "GFDL-1.2-or-later",
        True,
    ),
    (
        "under the terms of the GNU Free Documentation License, Version 1.3",
        CC,
        "GFDL-1.3-only",
        True,
    ),
    (
        (
            "Copyleft: Felix Morrow Internet Archive (www.marx.org) 2018. Permission is granted to "
            "copy and/or distribute this document under the terms of the Creative Commons "
            "Attribution-ShareAlike 2.0."
        ),
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        "CopyLeft: Creative Commons (Attribute & ShareAlike) marxists.org 2007.",
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        (
            "Copyleft: Creative Commons (Attribute & Share-alike) Leon Trotsky Internet Archive "
            "(www.marxists.org) 2005."
        ),
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        "License: Creative Commons Attribution-ShareAlike 4.0 International",
        CC,
        "CC-BY-SA-4.0",
        True,
    ),
    ("Creative Commons (Attribute & Share-alike) 3.0", CC, "CC-BY-SA-3.0", True),
    (
        (
            "Public Domain: Marxists Internet Archive (2008) under the Creative Commons Deed/Share "
            "and Share A Like 2.0. You may freely copy, distribute, display and perform this work"
        ),
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        (
            "Public Domain: This work is in the under the Creative Commons Common Deed. You can "
            "freely copy, distribute and display this work"
        ),
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        "Copyright: This work is in the Public Domain under the Creative Commons Common Deed.",
        CC,
        "CC-BY-SA-2.0",
        True,
    ),
    (
        (
            'Copyleft: Creative Commons (Attribute & No Derivatives) 2004 conference "Be it resolved '
            "that all material created and published by the Party shall be licensed under the "
            'Creative Commons Attribution-NoDerivs copyright licence".'
        ),
        CC,
        "CC-BY-ND-2.0",
        True,
    ),
    (PD_MIA, PD, None, True),
    (
        (
            "Public Domain: Marxists Internet Archive (2007). You may freely copy, distribute, "
            "display and perform this work; as well as make derivative and commercial works. Please "
            "credit “Marxists Internet Archive” as your source."
        ),
        PD,
        None,
        True,
    ),
    (
        (
            "Public Domain: Joseph Hansen Internet Archive 2006; This work is completely free. In any "
            "reproduction, we ask that you cite this Internet address and the publishing "
            "information above."
        ),
        PD,
        None,
        True,
    ),
    (
        (
            "Public Domain: George Novack Internet Archive 2005. This work is completely free to copy "
            "and distribute."
        ),
        PD,
        None,
        True,
    ),
    (
        (
            "Pubic Domain: This work is in the Public Domain. Please cite the James P. Cannon "
            "Internet Archive, a sub-archive of the Marxists Internet Archive for credit."
        ),
        PD,
        None,
        True,
    ),
    ("Pubic Domain: This work in the Public Domain.", PD, None, True),
    ("Public Domain: Marxists Internet Archive", PD, None, True),
    ("Public Domain:", PD, None, True),
    ("Public Domain : Marxists Internet Archive (2005).", PD, None, True),
    ("Public Domain: this text is free of copyright;", PD, None, True),
    ("Public Domain: Please credit Marxists Internet Archive as your source.", PD, None, True),
    ("Copyright: John Riddell, 2017. Republished here with permission", PERM, None, False),
    ("Copyright: &copy; John Riddell, 2017. Republished here with permission.", PERM, None, False),
    ("Copright: Socialism Today. Republished here with their permission.", PERM, None, False),
    (
        (
            "Copyright: Permission for on-line publication provided by Spartacist Publishing Company "
            "for use by the James P. Cannon Internet Archive in 2005."
        ),
        PERM,
        None,
        False,
    ),
    (
        "Copyright © Peter B. Maggs. Published here by kind permission of the translator.",
        PERM,
        None,
        False,
    ),
    (
        (
            "Copyright &#169; Estate of Paul Foot. Published on MIA with the permission of the "
            "Estate."
        ),
        PERM,
        None,
        False,
    ),
    (
        "© 1983 New Left Review. Reproduced with kind permission of the copyright holders.",
        PERM,
        None,
        False,
    ),
    (
        (
            "Copyright © 1980 Allison & Busby and Gus Fagan. Reproduced here with the kind "
            "permission of Gus Fagan."
        ),
        PERM,
        None,
        False,
    ),
    ("© 2006 Bookmarks – Reproduced here with kind permission.", PERM, None, False),
    ("Revolutionary History, Vol.2 No.2, Summer 1989. Used with permission.", PERM, None, False),
    ("Copyright © 2002 Socialist Review.", UNK, None, False),
    ("Copyright © International Socialism.", UNK, None, False),
    ("© Pierre Broué, Les Editions de Minuit, 1963.", UNK, None, False),
    ("Copyright, 1937, by Albert Weisbord", UNK, None, False),
    ("Copyright: © This translation copyright Pluto Press, 1976.", UNK, None, False),
    ("Copyleft:", CC, None, True),
    (None, UNK, None, False),
    ("", UNK, None, False),
    ("   ", UNK, None, False),
    ("Transcription/Markup: Brian Baggins", UNK, None, False),
]


@pytest.mark.parametrize(("statement", "kind", "spdx", "redistributable"), CASES)
def test_classify_license(statement, kind, spdx, redistributable):
    assert classify_license(statement) == LicenseInfo(spdx, kind, redistributable)


def test_seed_line_is_a_free_grant_not_with_permission():
    info = classify_license(SEED)
    assert info.kind == "copyleft" and info.redistributable


def test_rule_table_loads():
    table = rules()
    assert len(table) >= 10
    assert {r.kind for r in table} <= {"copyleft", "public-domain", "permission", "unknown"}


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("Copyleft", "Leon Trotsky Internet Archive (www.marxists.org) 2002.", True),
        ("CopyLeft", "", True),
        ("Public Domain", "Marxists Internet Archive (2016).", True),
        ("Pubic Domain", "This work is in the Public Domain.", True),
        ("Copright", "Socialism Today. Republished here with their permission.", True),
        ("Copyright", "Permission for on-line publication provided by Spartacist", True),
        ("License", "Creative Commons Attribution-ShareAlike 4.0", True),
        ("Copyleft:", "", True),
        (None, "Copyright © 2002 Socialist Review.", True),
        (
            None,
            "© 1983 New Left Review. Reproduced with kind permission of the copyright holders.",
            True,
        ),
        (None, "This work is in the Public Domain under the Creative Commons Common Deed.", True),
        (
            None,
            (
                "Permission is granted to copy and/or distribute this document under the terms "
                "of the GNU Free Documentation License."
            ),
            True,
        ),
        (None, "Published on MIA with the permission of the Estate of Paul Foot.", True),
        (None, "Appropriation of the main means of production into the public domain", False),
        (None, "copyright or similar procedures.", False),
        (
            None,
            "licenses, prohibitions, etcetera, in many cases amounting to a state monopoly",
            False,
        ),
        ("Source", "Fourth International, Vol.1 No.5, October 1940, p.137", False),
        ("Transcription/HTML Markup", "David Walters.", False),
        ("Written", "17 June & 2 August 1940.", False),
        (None, "", False),
    ],
)
def test_is_license_statement(label, text, expected):
    assert is_license_statement(label, text) is expected
