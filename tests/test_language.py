"""Language: path section, <html lang>, the English fast path, then the detector."""

from __future__ import annotations

import pytest

from corpus import language
from corpus.blocks import Page

ENGLISH = ("The working class of this country has been told that the war was not its business, but the "
           "men who have made it would have the workers pay for it with their lives and with the wages of "
           "their families, which is the oldest story of them all. ") * 2
FRENCH = ("La classe ouvrière de ce pays a appris que la guerre n'était pas son affaire, mais les hommes "
          "qui l'ont faite voudraient que les travailleurs la paient de leur vie et des salaires de leurs "
          "familles, ce qui est la plus vieille histoire du monde. ") * 2
GERMAN = ("Die Arbeiterklasse dieses Landes hat gehört, dass der Krieg nicht ihre Sache sei, aber die "
          "Männer, die ihn gemacht haben, wollen, dass die Arbeiter ihn mit ihrem Leben und mit den Löhnen "
          "ihrer Familien bezahlen. ") * 2


def page(path: str = "archive/test/page.htm", lang: str | None = None) -> Page:
    return Page(path=path, raw_format="mia-html", lang=lang)


def test_plain_english_does_not_need_the_detector(monkeypatch):
    monkeypatch.setattr(language, "_detect", lambda sample: pytest.fail("detector called"))
    assert language.detect_language(page(), ENGLISH) == "en"


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de")])
def test_other_languages_go_to_the_detector(text, code):
    assert not language._plainly_english(text)
    assert language.detect_language(page(), text) == code


def test_short_text_goes_to_the_detector(monkeypatch):
    seen = []
    monkeypatch.setattr(language, "_detect", lambda sample: seen.append(sample) or "en")
    assert language.detect_language(page(), "The end of the war.") == "en" and seen


def test_path_section_and_html_lang_come_first():
    assert language.detect_language(page("espanol/test/page.htm"), ENGLISH) == "es"
    assert language.detect_language(page(lang="de-DE"), ENGLISH) == "de"
    assert language.detect_language(page(lang="en"), FRENCH) == "fr"  # "en" is a template default


def test_the_unpacked_model_scores_as_the_packed_one(tmp_path, monkeypatch):
    from py3langid import langid

    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    unpacked = language._unpacked_identifier()  # unpacks into tmp_path
    assert unpacked is not None
    (folder,) = (tmp_path / "py3langid").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{part}.npy" for part in language._MODEL_PARTS)
    again = language._unpacked_identifier()  # read back from the cache
    packed = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    for sample in (ENGLISH, FRENCH, GERMAN, "Пролетарии всех стран, соединяйтесь!", "¡Viva la revolución!"):
        expected = packed.rank(sample)
        assert unpacked.rank(sample) == again.rank(sample) == expected


def test_an_unusable_cache_falls_back_to_the_packed_model(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(language.CACHE_ENV, str(blocker))
    assert language._unpacked_identifier() is None
    language._identifier.cache_clear()
    try:
        assert language._detect(FRENCH[:200]) == "fr"
    finally:
        language._identifier.cache_clear()


def test_a_damaged_cache_is_unpacked_anew(tmp_path, monkeypatch):
    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    assert language._unpacked_identifier() is not None
    (folder,) = (tmp_path / "py3langid").iterdir()
    (folder / "nextmove.npy").unlink()
    assert language._unpacked_identifier() is None  # this time the packed model serves...
    assert not folder.exists()
    assert language._unpacked_identifier() is not None  # ...and the next one unpacks it again
    assert (folder / "nextmove.npy").exists()
