"""Language of a page: its path prefix, then <html lang>, then a detector on the text."""

from __future__ import annotations

import functools

from corpus.blocks import Page

# MIA language sections by their top folder (www.marxists.org/<folder>/...).
PATH_LANGUAGES: dict[str, str] = {
    "espanol": "es", "italiano": "it", "francais": "fr", "deutsch": "de", "portugues": "pt",
    "esperanto": "eo", "shqip": "sq", "eesti": "et", "suomi": "fi", "svenska": "sv", "norsk": "no",
    "dansk": "da", "nederlands": "nl", "polski": "pl", "russkij": "ru", "ukrainian": "uk",
    "cestina": "cs", "magyar": "hu", "romana": "ro", "turkce": "tr", "greek": "el", "ellinika": "el",
    "chinese": "zh", "japanese": "ja", "korean": "ko", "arabic": "ar", "farsi": "fa", "hebrew": "he",
    "bulgarian": "bg", "catala": "ca", "galego": "gl", "euskara": "eu", "slovenscina": "sl",
    "hrvatski": "hr", "srpski": "sr", "lietuviu": "lt", "latviski": "lv", "indonesia": "id",
    "tagalog": "tl", "vietnamese": "vi", "thai": "th", "bengali": "bn", "hindi": "hi", "urdu": "ur",
    "tamil": "ta", "malayalam": "ml", "sinhala": "si", "nepali": "ne", "gujarati": "gu", "marathi": "mr",
    "punjabi": "pa", "kannada": "kn", "telugu": "te", "afrikaans": "af", "azerbaijani": "az",
    "macedonian": "mk", "kurdish": "ku", "bosanski": "bs", "belarusian": "be",
}
_SAMPLE_CHARS = 1000  # enough for a language; langid costs grow with the sample


def detect_language(page: Page, text: str) -> str:
    top = page.path.split("/", 1)[0].lower()
    if top in PATH_LANGUAGES:
        return PATH_LANGUAGES[top]
    if page.lang:
        code = page.lang.strip().lower()[:2]
        if len(code) == 2 and code.isalpha() and code != "en":
            return code
    return _detect(text[:_SAMPLE_CHARS])


def _detect(sample: str) -> str:
    """py3langid restricted to its ISO 639-1 languages (it also knows 'pcm', 'vec', ...)."""
    return _identifier().classify(sample)[0]


@functools.cache
def _identifier():
    from py3langid import langid

    identifier = langid._get_identifier()
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier
