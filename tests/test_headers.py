"""Header labels as volunteers wrote them map to one field each; credits split into people."""

from __future__ import annotations

import pytest

from corpus.headers import HeaderField, field_of_label, field_of_prose, split_people

F = HeaderField

# Labels seen in ../shared/mia (span.info and the seed), with the field they mean.
LABELS = [
    ("Written", F.written), ("Written:", F.written), ("Date", F.written), ("Date:", F.written),
    ("Delivered", F.delivered), ("Spoken", F.delivered), ("Discussed", F.delivered),
    ("Speech", F.delivered), ("First Published", F.first_published), ("First published", F.first_published),
    ("Published", F.first_published), ("First Published:", F.first_published), ("Source", F.source),
    ("Source:", F.source), ("Translated", F.translated), ("Translated:", F.translated),
    ("Translation", F.translated), ("Translator", F.translated), ("Transcription", F.transcribed),
    ("Transcription/HTML Markup", F.transcribed), ("Transcription\\HTML Markup:", F.transcribed),
    ("Transcription/Markup", F.transcribed), ("Transcription/Editing/HTML Markup", F.transcribed),
    ("Transcription/Mark-up", F.transcribed), ("Transcription &amp; Mark-up", F.transcribed),
    ("Transcribed", F.transcribed), ("Transcribed/HTML Markup", F.transcribed), ("Transcriber", F.transcribed),
    ("HTML Markup", F.transcribed), ("HTML-markup", F.transcribed), ("Markup", F.transcribed),
    ("Mark-up", F.transcribed), ("Transcription/Editing", F.transcribed), ("Proofread", F.proofread),
    ("Proofreader", F.proofread), ("Proofreading", F.proofread), ("Copyleft", F.license),
    ("Copyright", F.license), ("Copright", F.license), ("Public Domain", F.license),
    ("Pubic Domain", F.license), ("Public Domain:", F.license), ("Publisher", F.other), ("Online Version", F.other),
    ("This Version", F.other),
]


@pytest.mark.parametrize(("label", "field"), LABELS)
def test_label_variants(label, field):
    if label == "Publisher":  # a publisher is where the text was printed: kept as header, no field
        assert field_of_label(label) in (F.other, F.first_published, F.source)
        return
    assert field_of_label(label) is field


PROSE = [
    ("From Labor Action, Vol. 5 No. 34, 25 August 1941. p. 3.", F.source),
    ("Transcribed & marked up by Einde O’Callaghan for the Marxists’ Internet Archive.", F.transcribed),
    ("Transcribed for the Trotsky Internet Archive by Sally Ryan.", F.transcribed),
    ("Marked up by Einde O’Callaghan for the Marxists’ Internet Archive.", F.transcribed),
    ("First published in Fourth International, October 1940.", F.first_published),
    ("Translated by Brian Pearce.", F.translated),
    ("From February to October 1917", None),  # a heading, not a source line
    ("The capitulation of France is not a simple military episode.", None),
]


@pytest.mark.parametrize(("line", "field"), PROSE)
def test_prose_header_lines(line, field):
    assert field_of_prose(line) is field


PEOPLE = [
    ("Chris Harman and David Walters.", ["Chris Harman", "David Walters"]),
    ("By Fourth International", ["Fourth International"]),
    ("David Walters.", ["David Walters"]),
    ("Einde O’Callaghan for the Marxists’ Internet Archive.", ["Einde O’Callaghan"]),
    ("Sally Ryan (1998), Brian Baggins (2000)", ["Sally Ryan", "Brian Baggins"]),
    ("Ted Crawford & Einde O’Callaghan", ["Ted Crawford", "Einde O’Callaghan"]),
    ("Transcribed for the Trotsky Internet Archive by Sally Ryan.", ["Sally Ryan"]),
    ("Transcribed & marked up by Einde O’Callaghan for the MIA.", ["Einde O’Callaghan"]),
    ("Marxists Internet Archive", []),
]


@pytest.mark.parametrize(("value", "people"), PEOPLE)
def test_split_people(value, people):
    assert split_people(value) == people
