"""Reader for Marxists Internet Archive HTML pages (every markup era) -> blocks.

Structure only: headings, the header block (`p.information` with `span.info` labels,
the older `p.info` prose), paragraphs, footnotes (`p.note`, `p.endnote`), separators,
and navigation (`p.link`, `p.toplink`, `p.updat`, `p.footer`, link-only lines). Image
alt texts are never read, so "return" images leave nothing behind.  Meaning is given
by `corpus.interpret`, the same code as for the text form.
"""

from __future__ import annotations

import re

from lxml import etree

from corpus.blocks import NAVIGATION_LINE, Block, BlockKind, Page
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
# touched, and the reader needs none of their methods. Same libxml2 parser and options.
_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=False, remove_pis=False)
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
    page.blocks = list(_Walker().walk(body))
    return page


def _read_head(root, page: Page) -> None:
    title = root.find(".//title")
    if title is not None and _TEXT_CONTENT(title).strip():
        page.html_title = _one_line(_TEXT_CONTENT(title))
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        if name and meta.get("content"):
            page.meta.setdefault(name, _one_line(meta.get("content")))
    page.lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")


def _norm(text: str) -> str:
    """Whitespace (NBSP and the other Unicode spaces included) collapsed to single spaces."""
    return " ".join(text.replace("\u200b", " ").split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _has_block_child(el) -> bool:
    for child in el.iterdescendants():
        if isinstance(child.tag, str) and child.tag in BLOCK_LEVEL:
            return True
    return False


class _Walker:
    """Depth-first walk emitting blocks; loose inline text between blocks becomes paragraphs."""

    def walk(self, el, hint: str | None = None):
        inline: list = []  # pending inline content: (element or text)
        if el.text and el.text.strip():
            inline.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None or tag in SKIPPED:
                pass
            elif tag == "br" or tag not in BLOCK_LEVEL and not (tag in CONTAINERS and _has_block_child(child)):
                inline.append(child)  # its tail, appended below, is loose text of this container
            else:
                yield from self._inline_blocks(inline, hint)
                inline = []
                yield from self.element(child, hint)
            if child.tail and child.tail.strip():
                inline.append(child.tail)
        yield from self._inline_blocks(inline, hint)

    def element(self, el, hint: str | None):
        tag = el.tag
        classes = _classes(el)
        own_hint = next(iter(sorted(classes)), None) or hint
        if (el.get("align") or "").lower() == "right" or "right" in (el.get("style") or "").replace(" ", ""):
            own_hint = "right"
        if tag == "hr":
            yield Block(BlockKind.RULE, "")
            return
        if tag in HEADINGS:
            raw, links = _inline_text(el, include_tail=False)
            text = _clean_lines(raw)
            if text:
                # A heading that is all links is a contents entry, not a title.
                link_hint = "links" if links >= _LINK_SHARE * _visible(raw) and len(text) > 3 else own_hint
                yield Block(BlockKind.HEADING, text, level=HEADINGS[tag], hint=link_hint)
            return
        if classes & INFO_CLASSES and not _has_block_child(el):
            yield from _info_blocks(el)
            return
        if tag == "p" and classes & TITLE_CLASSES:
            text = _block_text(el)
            if text:
                yield Block(BlockKind.HEADING, text, level=TITLE_CLASSES_LEVEL, hint=own_hint)
            return
        if classes & NAV_CLASSES:
            text = _block_text(el)
            if text:
                yield Block(BlockKind.NAV, text, hint=own_hint)
            return
        if tag == "pre":
            for part in re.split(r"\n\s*\n", _pre_text(el)):
                if part.strip():
                    yield Block(BlockKind.PARAGRAPH, part.strip("\n"), hint="pre")
            return
        if tag in CONTAINERS and _has_block_child(el):
            child_hint = "blockquote" if tag == "blockquote" else hint
            if classes & NOTE_CLASSES:
                child_hint = "note"
            yield from self.walk(el, child_hint)
            return
        if tag in ("td", "th"):
            own_hint = "cell"  # a table cell: data, never a sign-off
        yield from _leaf_blocks(el, own_hint, hint == "note" or bool(classes & NOTE_CLASSES))

    def _inline_blocks(self, inline: list, hint: str | None):
        if not inline:
            return
        text_parts: list[str] = []
        links = 0
        for item in inline:
            if isinstance(item, str):
                text_parts.append(item)
            elif item.tag == "br":
                text_parts.append("\n")
            else:
                t, n = _inline_text(item, include_tail=False)
                text_parts.append(t)
                links += n
        joined = "".join(text_parts)
        share = _link_share(joined, links)
        for part in _PARAGRAPH_BREAK.split(joined):
            text = _clean_lines(part)
            if text:
                yield _classified(text, hint, share)


def _leaf_blocks(el, hint: str | None, is_note: bool):
    text, links = _inline_text(el, include_tail=False)
    share = _link_share(text, links)
    for part in _PARAGRAPH_BREAK.split(text):
        clean = _clean_lines(part)
        if not clean:
            continue
        if is_note:
            yield Block(BlockKind.NOTE, clean, hint=hint)
        else:
            yield _classified(clean, hint, share)


def _link_share(text: str, link_chars: int) -> float:
    return link_chars / max(_visible(text), 1) if link_chars else 0.0


def _classified(text: str, hint: str | None, link_share: float) -> Block:
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


def _inline_text(el, include_tail: bool) -> tuple[str, int]:
    """Text of an element with <br> as newline, skipping scripts and images; and chars inside links."""
    parts: list[str] = []
    link_chars = 0

    def visit(node, in_link: bool) -> None:
        nonlocal link_chars
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in SKIPPED:  # comment / processing instruction: only its tail counts
            pass
        elif tag == "br":
            parts.append("\n")
        else:
            here_link = in_link or (tag == "a" and node.get("href") is not None)
            if node.text:
                parts.append(node.text)
                if here_link:
                    link_chars += _visible(node.text)
            for child in node:
                visit(child, here_link)
                if child.tail:
                    parts.append(child.tail)
                    if here_link:
                        link_chars += _visible(child.tail)
            if tag in ("p", "div", "li", "tr") and node is not el:
                parts.append("\n\n")

    visit(el, False)
    if include_tail and el.tail:
        parts.append(el.tail)
    return "".join(parts), link_chars


def _visible(text: str) -> int:
    """Characters that show: what link shares are measured in."""
    return sum(map(len, text.split()))


def _block_text(el) -> str:
    return _clean_lines(_inline_text(el, include_tail=False)[0])


def _pre_text(el) -> str:
    return "".join(el.itertext()).replace("\r", "")


def _clean_lines(text: str) -> str:
    """Each line's whitespace collapsed (`_norm`), empty lines dropped."""
    if "\u200b" in text:
        text = text.replace("\u200b", " ")
    if "\n" not in text:  # most blocks: one line
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _info_blocks(el):
    """The header block: `span.info` labels with their values, one HEADER block per line."""
    label: str | None = None
    value: list[str] = []
    lines: list[tuple[str | None, str]] = []

    def flush() -> None:
        nonlocal label, value
        text = _norm("".join(value))
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
