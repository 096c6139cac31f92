"""Language of a page: its path prefix, then <html lang>, then a detector on the text."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import shutil
import tempfile
from array import array
from pathlib import Path

import numpy as np

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
_SAMPLE_CHARS = 600  # enough for a language (1000 chars agreed on all but 1 of 7,676); langid cost grows with it


def detect_language(page: Page, text: str) -> str:
    top = page.path.split("/", 1)[0].lower()
    if top in PATH_LANGUAGES:
        return PATH_LANGUAGES[top]
    if page.lang:
        code = page.lang.strip().lower()[:2]
        if len(code) == 2 and code.isalpha() and code != "en":
            return code
    sample = text[:_SAMPLE_CHARS]
    return "en" if _plainly_english(sample) else _detect(sample)


# Frequent English function words. In English prose they are a third to a half of all words; in
# the sample's other languages at most 4%. At 20% or more a text is English without asking the
# detector (over the 7,725 documents read from the sample: 7,416 decided so, none of them differently
# from py3langid), which spares most pages the detector's cost.
_ENGLISH_WORDS = frozenset(
    "the of and that which with was were this from have has had they their would been is are not "
    "but for by his it".split()
)
_ENGLISH_SHARE = 0.2
_MIN_WORDS = 40  # fewer words than this: let the detector judge
_WORD = re.compile(r"[a-z]+")


def _plainly_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return False
    return sum(word in _ENGLISH_WORDS for word in words) >= _ENGLISH_SHARE * len(words)


def _detect(sample: str) -> str:
    """py3langid restricted to its ISO 639-1 languages (it also knows 'pcm', 'vec', ...)."""
    return _identifier().classify(sample)[0]


@functools.cache
def _identifier():
    from py3langid import langid

    identifier = _unpacked_identifier() or langid._get_identifier()
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


# py3langid ships its model LZMA-compressed, and unpacking it takes half a second: in a parallel
# build, half a second before any worker can start, since they share the parent's copy. So it is
# unpacked once per machine into a cache folder (66 MB), named by the packed file's digest, and
# read from there after (0.09 s). Whatever goes wrong there, the packed model still serves.
CACHE_ENV = "CORPUS_CACHE"
_MODEL_PARTS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_folder() -> Path:
    """$CORPUS_CACHE, else $XDG_CACHE_HOME/corpus, else ~/.cache/corpus."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corpus"


def _unpacked_identifier():
    """py3langid's identifier built from the unpacked model in the cache (unpacked there first if
    need be), or None when that cannot be done."""
    try:
        from py3langid import langid, modelio

        packed = langid.MODEL_DIR / langid.MODEL_FILE
        digest = hashlib.sha256(packed.read_bytes()).hexdigest()[:16]
        folder = cache_folder() / "py3langid" / digest
        if not folder.is_dir():
            _unpack(modelio.load_model(packed), folder)
        try:
            ptc, pc, classes, nextmove, row, output = (np.load(folder / f"{part}.npy") for part in _MODEL_PARTS)
        except (OSError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)  # damaged (a part deleted?): unpacked anew next time
            raise
        # As LanguageIdentifier.from_model_file gives them: the DFA as stdlib arrays, lists.
        return langid.LanguageIdentifier(ptc, pc, classes.tolist(), _stdlib_array(nextmove), output.tolist(),
                                         tk_row=_stdlib_array(row))
    except Exception as err:  # noqa: BLE001 - an unwritable cache or another py3langid must not stop a build
        logging.getLogger(__name__).debug("unpacked language model not used: %s", err)
        return None


def _unpack(model: tuple, folder: Path) -> None:
    """Save the model's parts as .npy files in `folder`, which appears whole or not at all."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for part, values in zip(_MODEL_PARTS, model, strict=True):
            np.save(staging / f"{part}.npy", np.asarray(values), allow_pickle=False)
        os.rename(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.is_dir():  # not a concurrent build that unpacked it first
            raise


def _stdlib_array(values: np.ndarray) -> array:
    return array(values.dtype.char, values.tobytes())
