"""Bytes → text for Marxists Internet Archive pages.

The archive was typed over 25 years with every tool imaginable, so a page's declared charset is a
hint, not a fact.  Order of evidence for HTML (:func:`decode_html`):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) — it wins over everything, as in browsers;
2. UTF-16/UTF-32 without a BOM, recognised by its pattern of NUL bytes (a meta tag cannot even be
   read from such bytes);
3. the ``<meta charset=...>`` / ``<meta http-equiv="content-type" content="...; charset=...">``
   in the first 4 KB, its label mapped the way browsers do (WHATWG Encoding standard: latin-1,
   iso-8859-1 and us-ascii all mean windows-1252 — the archive's "iso-8859-1" pages do contain
   0x91–0x97 smart quotes; a meta "utf-16" means utf-8) after repairing the archive's broken labels
   ("rtf-8", "utf-98", "iso8850-1", "iso", ...) through a literal alias table.  The declaration is
   trusted only if the bytes decode strictly *and* look plausible:

   * a single-byte declaration on bytes that are valid UTF-8 with multibyte sequences is overridden
     to UTF-8 (real windows-1252 prose essentially never forms valid UTF-8 sequences);
   * a non-Latin single-byte declaration (e.g. windows-1251) whose decoded Cyrillic/Greek/... letters
     sit *inside Latin words* ("sйances") is rejected — the archive has such pages;

4. detection: valid UTF-8 first, then charset-normalizer restricted to the few code pages the
   archive can plausibly contain; a Cyrillic or Central-European answer is accepted only with
   supporting evidence, otherwise windows-1252 (the browsers' default for Western pages);
5. windows-1252 with replacement characters as last resort (``source="fallback"``).

The common case — ASCII or a correct declaration — costs one strict ``bytes.decode``.
:func:`decode_text` (plain-text transcriptions) is the same without step 3.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DecodeError", "Decoded", "count_mojibake", "decode_html", "decode_text"]


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # decoded text, CRLF/CR normalised to LF, no BOM, no NUL characters
    encoding: str  # the Python codec name actually used, e.g. "cp1252", "utf-8", "utf-16-le"
    source: str  # how it was chosen: "bom", "meta", "detected", "fallback"
    replaced: int  # number of U+FFFD introduced by decoding (0 when clean)


class DecodeError(Exception):
    """The bytes are not text at all (binary data)."""


# --------------------------------------------------------------------------------------------
# Labels

# Broken labels actually found in the archive, repaired literally.
_BROKEN_ALIASES: dict[str, str] = {
    "rtf-8": "utf-8",
    "utf-98": "utf-8",
    "utrf-8": "utf-8",
    "iutf-8": "utf-8",
    "iso8850-1": "cp1252",
    "iso-8859": "cp1252",
    "iso": "cp1252",
}

# WHATWG Encoding-standard labels (the subset that matters), mapped to Python codec names.
_WHATWG: dict[str, str] = {}


def _labels(codec: str, *labels: str) -> None:
    for label in labels:
        _WHATWG[label] = codec


_labels(
    "utf-8",
    "utf-8",
    "utf8",
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "x-unicode20utf8",
)
_labels(
    "cp1252",
    "windows-1252",
    "cp1252",
    "x-cp1252",
    "ansi_x3.4-1968",
    "ascii",
    "us-ascii",
    "cp819",
    "csisolatin1",
    "ibm819",
    "iso-8859-1",
    "iso-ir-100",
    "iso8859-1",
    "iso88591",
    "iso_8859-1",
    "iso_8859-1:1987",
    "l1",
    "latin1",
    "latin-1",
    "iso-8859-1:1987",
)
# WHATWG: a meta tag declaring UTF-16 is read as UTF-8 (the bytes could not carry it otherwise).
_labels("utf-8", "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "csunicode", "unicodefffe")
_labels(
    "iso8859-2", "iso-8859-2", "iso8859-2", "iso88592", "iso_8859-2", "l2", "latin2", "csisolatin2"
)
_labels(
    "iso8859-15",
    "iso-8859-15",
    "iso8859-15",
    "iso885915",
    "iso_8859-15",
    "l9",
    "latin-9",
    "csisolatin9",
)
_labels(
    "iso8859-5",
    "iso-8859-5",
    "iso8859-5",
    "iso88595",
    "iso_8859-5",
    "cyrillic",
    "csisolatincyrillic",
)
_labels(
    "iso8859-7", "iso-8859-7", "iso8859-7", "iso88597", "iso_8859-7", "greek", "greek8", "elot_928"
)
_labels("cp1250", "windows-1250", "cp1250", "x-cp1250")
_labels("cp1251", "windows-1251", "cp1251", "x-cp1251")
_labels("cp1253", "windows-1253", "cp1253", "x-cp1253")
_labels("cp1254", "windows-1254", "cp1254", "x-cp1254", "iso-8859-9", "latin5", "l5", "iso8859-9")
_labels("cp1256", "windows-1256", "cp1256", "x-cp1256")
_labels("cp1257", "windows-1257", "cp1257", "x-cp1257")
_labels("koi8-r", "koi8-r", "koi8_r", "koi", "koi8", "cskoi8r")
_labels("koi8-u", "koi8-u", "koi8-ru")
_labels("cp866", "ibm866", "866", "cp866", "csibm866")
_labels("mac-cyrillic", "x-mac-cyrillic", "x-mac-ukrainian")
_labels("mac-roman", "macintosh", "mac", "x-mac-roman", "csmacintosh")
_labels("gbk", "gbk", "gb2312", "chinese", "csgb2312", "x-gbk", "gb_2312-80")
_labels("gb18030", "gb18030")
_labels("big5", "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5")
_labels(
    "shift_jis", "shift_jis", "shift-jis", "sjis", "ms_kanji", "windows-31j", "x-sjis", "csshiftjis"
)
_labels("euc_jp", "euc-jp", "x-euc-jp", "cseucpkdfmtjapanese")
_labels("iso2022_jp", "iso-2022-jp", "csiso2022jp")
_labels("euc_kr", "euc-kr", "ks_c_5601-1987", "korean", "windows-949", "cseuckr")

# Single-byte code pages whose letters are not Latin: their result must pass the script check.
_NON_LATIN = frozenset(
    {
        "cp1251",
        "koi8-r",
        "koi8-u",
        "cp866",
        "mac-cyrillic",
        "iso8859-5",
        "iso8859-7",
        "cp1253",
        "cp1256",
    }
)
_SINGLE_BYTE = _NON_LATIN | frozenset(
    {"cp1252", "cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-15", "mac-roman"}
)

_ASCII_COMPATIBLE = _SINGLE_BYTE | {"utf-8"}


def _codec_name(label: str) -> str:
    return codecs.lookup(label).name


def encoding_for_label(label: str | bytes) -> str | None:
    """Python codec name for a declared charset label, or None when the label means nothing."""
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    key = label.strip().strip("\"'").strip().lower()
    if not key:
        return None
    name = _BROKEN_ALIASES.get(key) or _WHATWG.get(key)
    if name is None:
        try:
            info = codecs.lookup(key)
        except LookupError:
            return None
        if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib, ...
            return None
        name = info.name
        if name in ("latin-1", "iso8859-1", "ascii"):  # browsers read these as windows-1252
            name = "cp1252"
        elif name.startswith(("utf-16", "utf-32")):
            name = "utf-8"
    return _codec_name(name)


# --------------------------------------------------------------------------------------------
# Byte-level sniffing

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_SCAN = 4096
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

# C0 controls no text contains (TAB, LF, VT, FF, CR and ESC are allowed; NUL is counted apart).
_CONTROL_BYTES = bytes([*range(1, 9), 14, 15, *range(16, 27), *range(28, 32)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_NUL_RATIO = 0.01
_MAX_CONTROL_RATIO = 0.05
_SNIFF = 4096


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _wide_pattern(data: bytes) -> str | None:
    """UTF-16/32 without BOM: text in those is full of NUL bytes at fixed positions."""
    head = data[:_SNIFF]
    n = len(head)
    if n < 4 or head.count(0) < n // 4:
        return None
    quads = n // 4
    if quads:
        h4 = head[: quads * 4]
        zero = [h4[i::4].count(0) for i in range(4)]
        if zero[1] + zero[2] + zero[3] >= 2.7 * quads and zero[0] < quads / 2:
            return "utf-32-le"
        if zero[0] + zero[1] + zero[2] >= 2.7 * quads and zero[3] < quads / 2:
            return "utf-32-be"
    pairs = n // 2
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.4 * pairs and even <= 0.1 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.1 * pairs:
        return "utf-16-be"
    return None


def _check_not_binary(data: bytes) -> None:
    n = len(data)
    if not n:
        return
    nul = data.count(0)
    if nul > _MAX_NUL_RATIO * n:
        raise DecodeError(
            f"binary data, not text: {nul} NUL bytes in {n} ({nul / n:.1%}) and no UTF-16/32 pattern"
        )
    ctrl = n - len(data.translate(None, _CONTROL_BYTES))
    if ctrl > _MAX_CONTROL_RATIO * n:
        raise DecodeError(
            f"binary data, not text: {ctrl} control bytes in {n} ({ctrl / n:.1%}), "
            f"more than any text has (limit {_MAX_CONTROL_RATIO:.0%})"
        )


_CONTROL_CHARS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f]")


def _check_text_not_binary(text: str, encoding: str) -> None:
    n = len(text)
    if not n:
        return
    nul = text.count("\x00")
    ctrl = len(_CONTROL_CHARS.findall(text))
    if nul > _MAX_NUL_RATIO * n or ctrl > _MAX_CONTROL_RATIO * n:
        raise DecodeError(
            f"binary data, not text: decoded as {encoding} it has {nul} NUL and {ctrl} control "
            f"characters in {n}"
        )


def _declared(data: bytes) -> str | None:
    m = _META_CHARSET.search(data, 0, _META_SCAN)
    if m is None:
        return None
    return encoding_for_label(m.group(1))


# --------------------------------------------------------------------------------------------
# Plausibility

_NON_LATIN_LETTER = "\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff"
_NON_LATIN_WORD = re.compile(f"\\w*[{_NON_LATIN_LETTER}]\\w*")
_NON_LATIN_ONLY = re.compile(f"[{_NON_LATIN_LETTER}]{{2,}}")


def _plausible(text: str, encoding: str) -> bool:
    """Reject a non-Latin code page whose letters do not form words of their own script.

    Western text mis-declared as windows-1251 turns "séances" into "sйances" and "à la" into
    "а la": the Cyrillic letters sit inside Latin words or stand alone.  Real Cyrillic/Greek text
    is mostly made of words of two or more letters of its own script.
    """
    if encoding not in _NON_LATIN:
        return True
    letters = good = 0
    for m in _NON_LATIN_WORD.finditer(text):
        word = m.group()
        n = sum(1 for ch in word if not ch.isascii())
        letters += n
        if _NON_LATIN_ONLY.fullmatch(word):
            good += n
    return not letters or good * 2 > letters


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ODD_SYMBOL = frozenset({"Sk", "Sm", "So", "Sc", "No", "Cc", "Co", "Cn"})


def _oddness(text: str) -> int:
    """How wrong a Latin decoding looks: C1 controls, U+FFFD, symbols glued to letters
    ("wy¶wietli", "zosta³"), capitals inside lower-case words ("ratŠaŠtat"), lone letters."""
    odd = 0
    n = len(text)
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == "\ufffd" or "\x80" <= ch <= "\x9f":
            odd += 1
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if unicodedata.category(ch) in _ODD_SYMBOL:
            if prev.isalpha() or nxt.isalpha():
                odd += 1
        elif ch.isupper() and prev.islower():
            odd += 1  # "ratŠaŠtat"
        elif not prev.isalpha() and not nxt.isalpha():
            odd += 1  # a lone non-ASCII letter: " Š ", " ŕ "
    return odd


# --------------------------------------------------------------------------------------------
# Detection

_CANDIDATES = ["cp1252", "iso8859_2", "cp1250", "cp1251", "koi8_r"]
_CYRILLIC_LANGS = frozenset(
    {"Russian", "Ukrainian", "Bulgarian", "Serbian", "Macedonian", "Belarusian"}
)
_MIN_COHERENCE = 0.2


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, exclude: str | None = None) -> tuple[str, str, int] | None:
    """(codec, text, replaced) chosen by detection; None leaves it to the cp1252 fallback.

    Valid UTF-8 wins outright.  Otherwise charset-normalizer, restricted to the code pages the
    archive can contain, nominates candidates: a Cyrillic one is taken when it is coherent Russian
    (or kin) and passes :func:`_plausible`; a Central-European one (iso-8859-2, windows-1250) only
    when it looks strictly less wrong than windows-1252 (:func:`_oddness`) — charset-normalizer
    alone calls English pages with "½" or "©" windows-1250.  Ties go to windows-1252.
    """
    if exclude != "utf-8":
        text = _strict(data, "utf-8")
        if text is not None:
            return "utf-8", text, 0

    from charset_normalizer import from_bytes  # imported lazily: the common case never needs it

    matches = list(from_bytes(data, cp_isolation=_CANDIDATES))
    for match in matches:
        name = _codec_name(match.encoding)
        if (
            name in _NON_LATIN
            and name != exclude
            and match.language in _CYRILLIC_LANGS
            and match.coherence >= _MIN_COHERENCE
        ):
            text = _strict(data, name)
            if text is not None and _plausible(text, name):
                return name, text, 0

    # The reference to beat is windows-1252, strict or (for the fallback) with replacements.
    text = _strict(data, "cp1252")
    best: tuple[str, str, int] | None = None
    if text is None:
        text, _ = _replace_decode(data, "cp1252")
    elif exclude != "cp1252":
        best = ("cp1252", text, 0)
    best_odd = _oddness(text)
    for match in matches:
        name = _codec_name(match.encoding)
        if name in _NON_LATIN or name in ("cp1252", exclude):
            continue
        text = _strict(data, name)
        if text is None:
            continue
        odd = _oddness(text)
        if odd < best_odd:
            best, best_odd = (name, text, 0), odd
    return best


def _finish(text: str, encoding: str, source: str, replaced: int = 0) -> Decoded:
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return Decoded(text=text, encoding=encoding, source=source, replaced=replaced)


def _replace_decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad input; count only the U+FFFD this introduced."""
    text = data.decode(encoding, "replace")
    replaced = text.count("\ufffd")
    if replaced and encoding.startswith("utf"):
        replaced -= data.count("\ufffd".encode(encoding))  # U+FFFD already in the source
    return text, max(replaced, 0)


def _wide(data: bytes, encoding: str, source: str, skip: int = 0) -> Decoded:
    """Decode after a BOM or as BOM-less UTF-16/32."""
    body = data[skip:]
    text = _strict(body, encoding)
    replaced = 0
    if text is None:
        text, replaced = _replace_decode(body, encoding)
    _check_text_not_binary(text, encoding)
    return _finish(text, encoding, source, replaced)


def _decode(data: bytes, declared: str | None) -> Decoded:
    # The declaration, if any and if the bytes bear it out.
    exclude = None
    if declared is not None:
        if data.isascii() and declared in _ASCII_COMPATIBLE:
            return _finish(data.decode("ascii"), declared, "meta")
        if declared in _SINGLE_BYTE:
            text = _strict(data, "utf-8")  # single-byte label on real UTF-8: the label is wrong
            if text is not None:
                return _finish(text, "utf-8", "detected")
        text = _strict(data, declared)
        if text is not None and _plausible(text, declared):
            return _finish(text, declared, "meta")
        exclude = declared
    elif data.isascii():
        return _finish(data.decode("ascii"), "utf-8", "detected")

    found = _detect(data, exclude)
    if found is not None:
        return _finish(found[1], found[0], "detected", found[2])
    text, replaced = _replace_decode(data, "cp1252")
    return _finish(text, "cp1252", "fallback", replaced)


def decode_html(data: bytes) -> Decoded:
    """Decode an HTML page: BOM, UTF-16/32 pattern, meta charset, detection, cp1252 fallback."""
    return _decode_page(data, read_meta=True)


def decode_text(data: bytes) -> Decoded:
    """Decode a plain-text transcription: BOM, strict UTF-8, detection, cp1252 fallback."""
    return _decode_page(data, read_meta=False)


def _decode_page(data: bytes, *, read_meta: bool) -> Decoded:
    if not data:
        return Decoded(text="", encoding="utf-8", source="fallback", replaced=0)
    bom = _bom(data)
    if bom is not None:
        return _wide(data, bom[0], "bom", bom[1])
    wide = _wide_pattern(data)
    if wide is not None:
        return _wide(data, wide, "detected")
    _check_not_binary(data)
    return _decode(data, _declared(data) if read_meta else None)


# --------------------------------------------------------------------------------------------
# Mojibake

# What a byte 0x80–0xBF (a UTF-8 continuation byte) turns into when read as windows-1252 or latin-1.
_CONT = (
    "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_MOJIBAKE = re.compile(
    f"[\u00c2\u00c3\u00c5\u00d0\u00d1][{_CONT}]"  # Ã© Ã¶ Â  Â£ Ð¿ ... (2-byte UTF-8 read as cp1252)
    f"|\u00e2[\u20ac\u0080][{_CONT}]?"  # â€™ â€œ â€” ... (3-byte punctuation read as cp1252)
    "|\u00ef\u00bb\u00bf"  # a UTF-8 BOM read as cp1252
)


def count_mojibake(text: str) -> int:
    """Number of typical UTF-8-read-as-cp1252/latin-1 sequences ("Ã©", "â€™", "Â ", ...) in text."""
    return len(_MOJIBAKE.findall(text))
