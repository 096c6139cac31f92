"""Reader for Marxists Internet Archive HTML pages (every markup era) -> blocks.

Structure only: headings, the header block (`p.information` with `span.info` labels,
the older `p.info` prose), paragraphs, footnotes (`p.note`, `p.endnote`), separators,
and navigation (`p.link`, `p.toplink`, `p.updat`, `p.footer`, link-only lines). Image
alt texts are never read, so "return" images leave nothing behind.  Meaning is given
by `corpus.interpret`, the same code as for the text form.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from lxml import etree

from corpus.blocks import NAVIGATION_LINE, SEPARATOR_LINE, Block, BlockKind, Page
from corpus.compiled import current_extension
from corpus.readers.decode import decode_html

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose content is one block when they hold no other block element.
LEAF_BLOCKS = {"p", "li", "dd", "dt", "pre", "address", "caption", "figcaption", "td", "th", "blockquote",
               "div", "center", "font"}
# Elements that only group other blocks.
CONTAINERS = {"body", "div", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol", "dl",
              "blockquote", "center", "section", "article", "main", "header", "footer", "aside", "form",
              "fieldset", "figure", "span", "font", "small", "big", "em", "i", "b", "strong", "a", "nav",
              "html", "noscript", "u", "sup", "sub"}
BLOCK_LEVEL = set(HEADINGS) | {"p", "li", "dd", "dt", "pre", "address", "caption", "figcaption", "td", "th",
                               "blockquote", "div", "center", "table", "tr", "tbody", "thead", "tfoot",
                               "ul", "ol", "dl", "hr", "section", "article", "main", "header", "footer",
                               "aside", "form", "fieldset", "figure", "nav", "h1", "br_para"}
SKIPPED = {"script", "style", "head", "title", "map", "area", "select", "button", "input", "iframe",
           "object", "embed", "textarea", "option", "svg", "math", "img", "meta", "link"}
NAV_CLASSES = {"link", "toplink", "updat", "footer", "next", "linkback", "skip", "top", "navbar",
               "breadcrumb", "nav", "return", "index-link", "back"}
NOTE_CLASSES = {"note", "endnote", "endnotes", "notes", "footnote", "footnotes", "pagenote", "pagenoteb",
                "foot", "fn", "anote"}
INFO_CLASSES = {"information", "info"}
# Paragraphs styled as title lines by older pages (<p class="title">Dora B. Montefiore</p>).
TITLE_CLASSES = {"title", "author"}
TITLE_CLASSES_LEVEL = 2
# Plain lxml elements: lxml.html's element classes cost a Python callback for every element
# touched, and the reader needs none of their methods. Same libxml2 parser and options, except
# that ids are not indexed: nothing looks an element up by id, and the index was 14% of parsing.
_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=False, remove_pis=False,
                           collect_ids=False)
_TEXT_CONTENT = etree.XPath("string()")  # what lxml.html's text_content() is
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINK_SHARE = 0.6  # of visible characters inside <a href>: a contents entry, not prose


def read_html_page(data: bytes, path: str) -> Page:
    """Decode and parse an archive page into blocks."""
    decoded = decode_html(data)
    page = Page(path=path, raw_format="mia-html", encoding=decoded.encoding, replaced_chars=decoded.replaced)
    text = _XML_DECL.sub("", decoded.text, count=1)
    if not text.strip():
        return page
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return page
    if root is None:  # nothing a parser could make a document of
        return page
    _read_head(root, page)
    body = root.find("body")
    if body is None:
        body = root
    page.blocks = walk_blocks(body)
    return page


def _read_head(root, page: Page) -> None:
    """The first <title>, every named <meta>, the root's lang: found in one pass over the tree
    (libxml2 filters the tags; `find(".//title")` and `iter("meta")` were two)."""
    title = None
    for el in root.iter("title", "meta"):
        if el.tag == "title":
            title = el if title is None else title
            continue
        name = (el.get("name") or "").strip().lower()
        if name and el.get("content"):
            page.meta.setdefault(name, _collapsed(el.get("content")))
    if title is not None and _TEXT_CONTENT(title).strip():
        page.html_title = _collapsed(_TEXT_CONTENT(title))
    page.lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")


def _norm(text: str) -> str:
    """Whitespace (NBSP and the other Unicode spaces included) collapsed to single spaces."""
    return _collapsed(text.replace("\u200b", " "))


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _has_block_child(el) -> bool:
    if not len(el):  # no children at all: most inline elements
        return False
    for _ in el.iterdescendants(*BLOCK_LEVEL):  # the tag filter runs in libxml2, not in Python
        return True
    return False


_NO_CLASSES: frozenset[str] = frozenset()
_BREAKING = {"p", "div", "li", "tr"}  # nested in inline text, these end a paragraph (two breaks)
# A <br> while text is gathered: libxml2 never puts NUL in a text node, so this marks a break the
# markup made, apart from the line breaks of the source (which a browser shows as spaces).
_BR = "\x00"


def python_walk_blocks(body) -> list[Block]:
    """The blocks of `body` by the reference walk, in Python."""
    walker = _Walker()
    walker.walk(body)
    return walker.out


class _Walker:
    """Depth-first walk appending blocks to `out`; loose inline text between blocks becomes
    paragraphs. It appends rather than yields: a block found ten elements deep would otherwise
    pass through ten generators. `corpus.readers._walk` is this walk compiled (the reader uses
    it when it is built); this one is the reference it is tested against, and the fallback."""

    def __init__(self) -> None:
        self.out: list[Block] = []

    def walk(self, el, hint: str | None = None) -> None:
        parts: list[str] = []  # the pending inline run: loose text and inline elements' text
        links = 0
        text = el.text
        if text and not text.isspace():
            parts.append(text)
        for child in el:
            tag = child.tag
            if tag.__class__ is not str or tag in SKIPPED:  # comments and PIs have no str tag
                pass
            elif tag == "br":
                parts.append(_BR)
            elif tag not in BLOCK_LEVEL and not (tag in CONTAINERS and _has_block_child(child)):
                links += _children_text(child, parts)
            else:
                if parts:
                    _text_blocks(*_clean_paragraphs("".join(parts), links), links, hint, False, self.out)
                    parts, links = [], 0
                self.element(child, tag, hint)
            tail = child.tail  # loose text of this container
            if tail and not tail.isspace():
                parts.append(tail)
        if parts:
            _text_blocks(*_clean_paragraphs("".join(parts), links), links, hint, False, self.out)

    def element(self, el, tag: str, hint: str | None) -> None:
        out = self.out
        if el.keys():  # most elements have no attributes: no class, alignment or style to read
            classes, own_hint = _classes_and_hint(el.get("class"), el.get("align"), el.get("style"), hint)
        else:
            classes, own_hint = _NO_CLASSES, hint
        if tag == "hr":
            out.append(Block(BlockKind.RULE, ""))
            return
        if tag in HEADINGS:
            _heading_block(*_paragraphs_of(el), HEADINGS[tag], own_hint, out)
            return
        if classes:
            if classes & INFO_CLASSES and not _has_block_child(el):
                out.extend(_info_blocks(el))
                return
            if tag == "p" and classes & TITLE_CLASSES:
                _line_block(_paragraphs_of(el)[0], BlockKind.HEADING, TITLE_CLASSES_LEVEL, own_hint, out)
                return
            if classes & NAV_CLASSES:
                _line_block(_paragraphs_of(el)[0], BlockKind.NAV, 0, own_hint, out)
                return
        if tag == "pre":
            _pre_blocks(el, out)
            return
        if tag in CONTAINERS and _has_block_child(el):
            self.walk(el, _child_hint(tag == "blockquote", classes, hint))
            return
        if tag in ("td", "th"):
            own_hint = "cell"  # a table cell: data, never a sign-off
        _text_blocks(*_paragraphs_of(el), own_hint, hint == "note" or bool(classes & NOTE_CLASSES), out)


# What both walks share: reading an element's attributes, and making blocks of gathered text.

def _classes_and_hint(value: str | None, align: str | None, style: str | None,
                      hint: str | None) -> tuple[frozenset[str], str | None]:
    """An element's classes and its hint: its first class by name, or 'right' when aligned so,
    or else the hint it inherits."""
    classes, own_hint = _read_attributes(value, align, style)
    return classes, hint if own_hint is None else own_hint


# Pages repeat a few class, align and style values thousands of times: each read once.
@functools.lru_cache(maxsize=4096)
def _read_attributes(value: str | None, align: str | None, style: str | None) -> tuple[frozenset[str], str | None]:
    """The classes, and the hint they give (None: the element inherits its parent's)."""
    classes = frozenset(value.lower().split()) if value else _NO_CLASSES
    own_hint = min(classes) if classes else None
    if (align or "").lower() == "right" or "right" in (style or "").replace(" ", ""):
        own_hint = "right"
    return classes, own_hint


def _child_hint(is_blockquote: bool, classes, hint: str | None) -> str | None:
    if classes & NOTE_CLASSES:
        return "note"
    return "blockquote" if is_blockquote else hint


# Gathered text comes to these as its clean paragraphs (`_clean_paragraphs`), with the count of its
# visible characters (`_visible`) and of those inside links: what link shares are measured by.

def _heading_block(paragraphs: list[str], visible: int, links: int, level: int, hint: str | None,
                   out: list[Block]) -> None:
    text = "\n".join(paragraphs)  # a heading's lines, blank ones dropped
    if text and SEPARATOR_LINE.match(text):  # "<h4>* * *</h4>": a rule set as a heading
        out.append(Block(BlockKind.RULE, text))
    elif text:
        # A heading that is all links is a contents entry, not a title.
        link_hint = "links" if links and links >= _LINK_SHARE * visible and len(text) > 3 else hint
        out.append(Block(BlockKind.HEADING, text, level=level, hint=link_hint))


def _line_block(paragraphs: list[str], kind: BlockKind, level: int, hint: str | None, out: list[Block]) -> None:
    text = "\n".join(paragraphs)
    if text:
        out.append(Block(kind, text, level=level, hint=hint))


def _text_blocks(paragraphs: list[str], visible: int, links: int, hint: str | None, is_note: bool,
                 out: list[Block]) -> None:
    """Paragraphs (notes, when `is_note`) as blocks."""
    if is_note:
        out.extend([Block(BlockKind.NOTE, text, 0, None, hint) for text in paragraphs])
        return
    share = links / max(visible, 1) if links else 0.0
    for text in paragraphs:
        # Most paragraphs are prose: one match decides that, and _classified sees the others.
        if share < _LINK_SHARE and not _SEPARATOR_OR_NAVIGATION.match(text):
            out.append(Block(BlockKind.PARAGRAPH, text, 0, None, hint))
        else:
            out.append(_classified(text, hint, share))


def _pre_blocks(el, out: list[Block]) -> None:
    for part in _PARAGRAPH_BREAK.split("".join(el.itertext()).replace("\r", "")):
        if part.strip():
            out.append(Block(BlockKind.PARAGRAPH, part.strip("\n"), hint="pre"))


def _paragraphs(text: str):
    return _PARAGRAPH_BREAK.split(text) if "\n" in text else (text,)


# A line either of the two may match (both anchor at the start; IGNORECASE is NAVIGATION_LINE's own).
_SEPARATOR_OR_NAVIGATION = re.compile(f"(?:{SEPARATOR_LINE.pattern})|(?:{NAVIGATION_LINE.pattern})",
                                      NAVIGATION_LINE.flags)


def _classified(text: str, hint: str | None, link_share: float) -> Block:
    if SEPARATOR_LINE.match(text):  # "<p>* * *</p>": a rule, as the text reader reads it
        return Block(BlockKind.RULE, text)
    if NAVIGATION_LINE.match(text):
        return Block(BlockKind.NAV, text, hint=hint)
    if link_share >= _LINK_SHARE:
        if len(text) < 160 and _NAV_WORDS.search(text):
            return Block(BlockKind.NAV, text, hint=hint)
        return Block(BlockKind.PARAGRAPH, text, hint="links")
    return Block(BlockKind.PARAGRAPH, text, hint=hint)


_NAV_WORDS = re.compile(
    r"\b(?:index|contents|top|next|previous|prev|back|return|home|archive|mia|section|chapter|part|"
    r"up|main|library|works|glossary|search|subject|biography|writers?)\b|[>|«»]",
    re.IGNORECASE,
)


def _paragraphs_of(el) -> tuple[list[str], int, int]:
    """An element's text (not its tail) as clean paragraphs, with its visible characters and those
    inside links. <br> is a line break, a nested p/div/li/tr ends a paragraph, scripts and images
    are skipped."""
    parts: list[str] = []
    links = _children_text(el, parts)
    return *_clean_paragraphs("".join(parts), links), links


def _clean_paragraphs(gathered: str, links: int) -> tuple[list[str], int]:
    """Gathered text (`_BR` for each <br>) as its paragraphs, split at blank lines, each line's
    white space collapsed and empty lines dropped; and its visible characters, counted only
    when some are inside links (nothing else needs them)."""
    text = _with_breaks(gathered)
    paragraphs = [clean for part in _paragraphs(text) if (clean := _clean_lines(part))]
    return paragraphs, _visible(text) if links else 0


def _with_breaks(text: str) -> str:
    """Gathered text with its line breaks: each <br> (`_BR`) is one, and so is a line break of the
    source next to a <br> or a blank line (both part blocks, as they always have); any other line
    break of the source only wraps a line, and a browser shows it as a space."""
    if "\n" in text:
        lines = text.split("\n")
        pieces = [lines[0]]
        before = lines[0].rstrip()
        for line in lines[1:]:
            after = line.lstrip()
            if before and after and before[-1] != _BR and after[0] != _BR:  # a wrapped line
                pieces[-1] = pieces[-1].rstrip()  # one space between, so lines stay collapsed
                pieces.append(" ")
                pieces.append(after)
            else:
                pieces.append("\n")
                pieces.append(line)
            before = line.rstrip()
        text = "".join(pieces)
    return text.replace(_BR, "\n") if _BR in text else text


def _children_text(el, parts: list[str], in_link: bool = False) -> int:
    """Append the text of `el` and its descendants (not its tail) to `parts`; return the visible
    characters inside <a href>."""
    tag = el.tag
    if tag.__class__ is not str or tag in SKIPPED:  # a comment or a skipped element: nothing
        return 0
    if tag == "br":
        parts.append(_BR)
        return 0
    here = in_link or (tag == "a" and el.get("href") is not None)
    links = 0
    text = el.text
    if text:
        parts.append(text)
        if here:
            links += _visible(text)
    for child in el:
        ctag = child.tag
        if ctag.__class__ is str and ctag not in SKIPPED:
            if ctag == "br":
                parts.append(_BR)
            elif ctag != "a" and not len(child):  # plain text in an <em>, <b>, <p>…: no recursion
                if child.text:
                    parts.append(child.text)
                    if here:
                        links += _visible(child.text)
                if ctag in _BREAKING:
                    parts.append(_BR + _BR)
            else:
                links += _children_text(child, parts, here)
                if ctag in _BREAKING:
                    parts.append(_BR + _BR)
        tail = child.tail
        if tail:
            parts.append(tail)
            if here:
                links += _visible(tail)
    return links


def _visible(text: str) -> int:
    """Characters that show: what link shares are measured in."""
    return sum(map(len, text.split()))


def _clean_lines(text: str) -> str:
    """Each line's whitespace collapsed (`_norm`), empty lines dropped."""
    if "\u200b" in text:
        text = text.replace("\u200b", " ")
    if "\n" not in text:  # most blocks: one line
        return _collapsed(text)
    return "\n".join(filter(None, map(_collapsed, text.split("\n"))))


def _collapsed(line: str) -> str:
    """Whitespace runs as single spaces, none at either end: `" ".join(line.split())`, without
    splitting the seven lines in ten that are already so. Every whitespace character but the
    ASCII space is unprintable, so a printable line with no double or edge space is unchanged."""
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def _info_blocks(el):
    """The header block: `span.info` labels with their values, one HEADER block per line."""
    label: str | None = None
    value: list[str] = []
    lines: list[tuple[str | None, str]] = []

    def flush() -> None:
        nonlocal label, value
        text = _norm("".join(value))
        if label is not None and text.startswith(":"):
            text = text[1:].lstrip()  # '<span class="info">Source</span>: The …': the colon is the label's
        if label is not None or text:
            lines.append((label, text))
        label, value = None, []

    def visit(node) -> None:
        nonlocal label
        tag = node.tag if isinstance(node.tag, str) else None
        if tag == "br":
            flush()
        elif tag == "span" and "info" in _classes(node):
            flush()
            raw = _norm(_TEXT_CONTENT(node))
            if ":" in raw and not raw.endswith(":"):  # "Source: Labor Action" inside the label's span
                raw, rest = raw.split(":", 1)
                value.append(rest)
            label = raw.rstrip(":").strip()
        elif tag is not None and tag not in SKIPPED:
            visit_children(node)

    def visit_children(node) -> None:
        if node.text:
            value.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                value.append(child.tail)

    visit_children(el)
    flush()
    for line_label, text in lines:
        if line_label is None and not text:
            continue
        if line_label is not None and _NOTE_LABEL.match(line_label):
            # Some pages number their footnotes with span.info: "<span class="info">2.</span> Vol III".
            yield Block(BlockKind.NOTE, text, label=line_label.strip("[]().") or line_label, hint="information")
        else:
            yield Block(BlockKind.HEADER, text, label=line_label, hint="information")


_NOTE_LABEL = re.compile(r"^[(\[]?\d{1,3}[)\]]?\.?$")


_walk = current_extension("corpus.readers._walk", Path(__file__).with_name("_walk.pyx"))
if _walk is not None:
    _walk.configure(sys.modules[__name__])
COMPILED_WALK = _walk is not None
walk_blocks = _walk.walk_blocks if _walk is not None else python_walk_blocks
