# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The HTML reader's walk, compiled: `corpus.readers.html._Walker` over libxml2's own nodes.

Through lxml, every element the walk visits becomes a new Python proxy and every text node a
new string; that was most of the reader's time. This walk reads libxml2's node structs (the
headers lxml ships), gathers a block's text as UTF-8 bytes and cleans it here (wrapped source
lines, <br>, blank-line paragraphs, white space: html._clean_paragraphs), decoding each
paragraph once. What the paragraphs become (headings, notes, links, rules) is left to the
Python functions the reference walk calls too. Tests hold the two walks to the same blocks on
every sample page and on generated markup. Tag tables come from `html.py` through `configure`,
so they are written once.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport free, realloc
from libc.string cimport memchr, memcpy, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

# What a tag is, as bits (`configure` fills `_FLAGS` from html.py's tables).
cdef enum:
    SKIPPED = 1
    BLOCK_LEVEL = 2
    CONTAINER = 4
    BR = 8
    LINK = 16  # <a>
    BREAKING = 32  # nested in inline text, ends a paragraph
    RULE = 64  # <hr>
    PRE = 128
    CELL = 256  # <td>, <th>
    PARAGRAPH = 512  # <p>
    BLOCKQUOTE = 1024
    LEVEL_SHIFT = 12  # a heading's level, 1..6, in the bits from here

cdef dict _FLAGS = {}
cdef object _py = None  # the html module: its block makers and class tables
cdef object _NO_CLASSES = frozenset()
# libxml2 nests at most 256 elements deep unless told to parse huge trees; far past that, a
# RecursionError (as the reference walk raises) instead of a crashed C stack.
cdef int _MAX_DEPTH = 10000


def configure(module) -> None:
    """Read the tag tables and block makers of `corpus.readers.html` (called once, by it)."""
    global _py, _NO_CLASSES
    _py = module
    _NO_CLASSES = module._NO_CLASSES
    _FLAGS.clear()
    tables = [(module.SKIPPED, SKIPPED), (module.BLOCK_LEVEL, BLOCK_LEVEL),
              (module.CONTAINERS, CONTAINER), ({"br"}, BR), ({"a"}, LINK), (module._BREAKING, BREAKING),
              ({"hr"}, RULE), ({"pre"}, PRE), ({"td", "th"}, CELL), ({"p"}, PARAGRAPH),
              ({"blockquote"}, BLOCKQUOTE)]
    for names, bit in tables:
        for name in names:
            key = name.encode()
            _FLAGS[key] = _FLAGS.get(key, 0) | bit
    for name, level in module.HEADINGS.items():
        key = name.encode()
        _FLAGS[key] = _FLAGS.get(key, 0) | (level << LEVEL_SHIFT)


cdef struct Text:
    char* data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _reserve(Text* text, Py_ssize_t size) except -1:
    """Room for `size` more bytes."""
    cdef Py_ssize_t capacity
    cdef char* grown
    if text.size + size > text.capacity:
        capacity = max(2 * text.capacity, text.size + size, 4096)
        grown = <char*>realloc(text.data, capacity)
        if grown == NULL:
            raise MemoryError()
        text.data = grown
        text.capacity = capacity
    return 0


cdef inline int _put(Text* text, const char* data, Py_ssize_t size) except -1:
    _reserve(text, size)
    memcpy(text.data + text.size, data, size)
    text.size += size
    return 0


cdef inline bint _is_space(unsigned int c) noexcept:
    """str.isspace() of a code point past ASCII (ASCII is read from `_ASCII_KIND`)."""
    return (c == 0x85 or c == 0xa0 or c == 0x1680 or 0x2000 <= c <= 0x200a or c == 0x2028
            or c == 0x2029 or c == 0x202f or c == 0x205f or c == 0x3000)


# What a UTF-8 byte sequence is, to the cleaning below.
cdef enum:
    WORD = 0  # shows: any code point that is not one of the others
    SPACE = 1  # str.isspace()
    ZERO_WIDTH = 2  # U+200B: no white space to Python, yet collapsed as if it were (html._clean_lines)
    LINE_END = 3  # a line break or a <br> (NUL) where lines are split

cdef unsigned char _ASCII_KIND[128]
for _byte in range(128):
    _ASCII_KIND[_byte] = SPACE if chr(_byte).isspace() else WORD
_ASCII_KIND[0] = LINE_END
_ASCII_KIND[10] = LINE_END


cdef inline int _kind(const unsigned char* s, Py_ssize_t i, Py_ssize_t* step) noexcept:
    """The kind of the code point at byte `i` of valid UTF-8; its length in bytes into `step`."""
    cdef unsigned int b = s[i], c
    if b < 0x80:
        step[0] = 1
        return _ASCII_KIND[b]
    if b >= 0xf0:
        step[0] = 4
        return WORD
    if b < 0xe0:
        step[0] = 2
        if b != 0xc2:  # U+0085 and U+00A0 are the only spaces of two bytes
            return WORD
        c = ((b & 0x1f) << 6) | (s[i + 1] & 0x3f)
    else:
        step[0] = 3
        if b < 0xe1 or b > 0xe3:  # the three-byte spaces are U+1680, U+2000..U+205F, U+3000
            return WORD
        c = ((b & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f)
    if c == 0x200b:
        return ZERO_WIDTH
    return SPACE if _is_space(c) else WORD


cdef Py_ssize_t _visible(const unsigned char* s, Py_ssize_t size) noexcept:
    """Code points that are not white space in the UTF-8 of a text node: html._visible."""
    cdef Py_ssize_t i = 0, count = 0, step
    cdef int kind
    while i < size:
        kind = _kind(s, i, &step)
        if kind == WORD or kind == ZERO_WIDTH:  # a text node has no NUL: its LINE_END is "\n"
            count += 1
        i += step
    return count


cdef Py_ssize_t _text_start(const unsigned char* s, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Where the line [start, end) stops being white space (`end` if it never does)."""
    cdef Py_ssize_t step
    while start < end and _kind(s, start, &step) == SPACE:
        start += step
    return start


cdef Py_ssize_t _text_end(const unsigned char* s, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Where the line [start, end) ends with its trailing white space dropped."""
    cdef Py_ssize_t lead, step
    while end > start:
        lead = end - 1
        while lead > start and (s[lead] & 0xc0) == 0x80:  # back to the code point's first byte
            lead -= 1
        if _kind(s, lead, &step) != SPACE:
            return end
        end = lead
    return end


cdef int _with_breaks(const unsigned char* s, Py_ssize_t size, Text* out) except -1:
    """html._with_breaks on UTF-8 bytes, into `out`: a line break of the source between two lines
    with text, neither side a <br> (NUL), wraps the line: one space. NULs are left for
    `_paragraphs`, which reads them as line breaks."""
    cdef Py_ssize_t start = 0, end, first, last, piece_end = 0, at
    cdef bint previous_text = False
    cdef unsigned char previous_byte = 0
    cdef const unsigned char* found
    while start <= size:
        found = <const unsigned char*>memchr(s + start, 10, size - start)
        end = found - s if found != NULL else size
        first = _text_start(s, start, end)  # the line's text is [first, last)
        last = _text_end(s, first, end)
        if start == 0:
            _put(out, <const char*>s, end)
            piece_end = last
        elif previous_text and first < end and previous_byte != 0 and s[first] != 0:
            out.size = piece_end  # the line before, its trailing white space dropped
            _put(out, b" ", 1)
            at = out.size
            _put(out, <const char*>s + first, end - first)
            piece_end = at + (last - first)
        else:
            _put(out, b"\n", 1)
            at = out.size
            _put(out, <const char*>s + start, end - start)
            piece_end = at + (last - start)
        previous_text = first < end
        if previous_text:
            previous_byte = s[last - 1]
        start = end + 1
    return 0


cdef tuple _paragraphs(const unsigned char* s, Py_ssize_t size, Text* out):
    """html._clean_paragraphs after _with_breaks: lines end at a line break or NUL; a blank line
    (white space only) ends a paragraph; each line's white space and zero-width spaces are
    collapsed to single spaces, and lines left empty are dropped. With the visible characters.

    Text is copied in runs: a run goes on over words and the single spaces between them, so a
    line already clean is copied at once."""
    cdef list paragraphs = []
    cdef Py_ssize_t i = 0, step, ahead, visible = 0, n = 0, run = -1  # run: start of the run, or -1
    cdef int kind
    cdef bint blank = True, line_has_words = False
    cdef char* o
    out.size = 0
    _reserve(out, size)  # the cleaned text is never longer: no bounds to check below
    o = out.data
    while True:
        if i == size:
            kind = LINE_END
        elif s[i] < 0x80:
            kind = _ASCII_KIND[s[i]]
            step = 1
        else:
            kind = _kind(s, i, &step)
        if kind == WORD:
            if run < 0:  # a word after white space, or the line's first
                if line_has_words:
                    o[n] = 32
                    n += 1
                else:
                    if n:
                        o[n] = 10
                        n += 1
                    line_has_words = True
                run = i
            blank = False
            ahead = i + step
            while ahead < size and 0x20 < s[ahead] < 0x80:  # the rest of an ASCII word at once
                ahead += 1
            visible += 1 + (ahead - i - step)
            i = ahead
            continue
        if kind == SPACE and run >= 0 and s[i] == 32 and i + 1 < size:
            if s[i + 1] < 0x80:
                if _ASCII_KIND[s[i + 1]] == WORD:  # one space between two words: part of the run
                    i += 1
                    continue
            elif _kind(s, i + 1, &ahead) == WORD:
                i += 1
                continue
        if run >= 0:  # the run ends here
            memcpy(o + n, s + run, i - run)
            n += i - run
            run = -1
        if kind == SPACE:
            i += step
        elif kind == ZERO_WIDTH:  # collapsed like a space, yet the line is not blank
            blank = False
            visible += 1
            i += step
        else:  # LINE_END
            if n and (blank or i == size):  # a blank line, or the end: the paragraph is done
                paragraphs.append(PyUnicode_DecodeUTF8(o, n, NULL))
                n = 0
            if i == size:
                break
            blank, line_has_words = True, False
            i += 1
    out.size = 0
    return paragraphs, visible


cdef inline bint _is_element_like(xmlNode* node) noexcept:
    """What iterating an lxml element yields: elements, comments, PIs, entity references."""
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_PI_NODE or node.type == tree.XML_ENTITY_REF_NODE)


cdef int _flags(xmlNode* node) except -1:
    """The tag's bits; 0 for a tag in no table, or one in a namespace (lxml's '{ns}tag')."""
    if node.ns != NULL:
        return 0
    value = _FLAGS.get(PyBytes_FromStringAndSize(<const char*>node.name, strlen(<const char*>node.name)))
    return 0 if value is None else value


cdef xmlNode* _put_run(Text* text, xmlNode* node, Py_ssize_t* visible) except? NULL:
    """Append the run of text nodes from `node` (lxml's .text or .tail: text and CDATA nodes,
    XInclude markers skipped); return the node that ends it. `visible`, when given, grows by
    the run's visible characters."""
    cdef Py_ssize_t size
    while node != NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if node.content != NULL:
                size = strlen(<const char*>node.content)
                _put(text, <const char*>node.content, size)
                if visible != NULL:
                    visible[0] += _visible(<const unsigned char*>node.content, size)
        elif node.type != tree.XML_XINCLUDE_START and node.type != tree.XML_XINCLUDE_END:
            return node
        node = node.next
    return NULL


cdef xmlNode* _next_element_like(xmlNode* node) noexcept:
    while node != NULL and not _is_element_like(node):
        node = node.next
    return node


cdef bint _has_attribute(xmlNode* node, const char* name) noexcept:
    cdef xmlAttr* attr = node.properties
    while attr != NULL:
        if attr.ns == NULL and strcmp(<const char*>attr.name, name) == 0:
            return True
        attr = attr.next
    return False


cdef object _attribute(xmlNode* node, const char* name):
    """lxml's el.get(name): the value of the attribute in no namespace, or None."""
    cdef xmlAttr* attr = node.properties
    cdef xmlNode* child
    cdef bytes value
    while attr != NULL:
        if attr.ns == NULL and strcmp(<const char*>attr.name, name) == 0:
            value = b""
            child = attr.children
            while child != NULL:
                if child.content != NULL:
                    value += <bytes>child.content
                child = child.next
            return value.decode("utf-8")
        attr = attr.next
    return None


cdef bint _has_block_child(xmlNode* node) except -1:
    """Any element below `node` (at any depth) that is block-level."""
    cdef xmlNode* child = node.children
    while child != NULL:
        if child.type == tree.XML_ELEMENT_NODE:
            if _flags(child) & BLOCK_LEVEL or _has_block_child(child):
                return True
        child = child.next
    return False


cdef Py_ssize_t _gather(Text* text, xmlNode* node, bint in_link, int depth) except -1:
    """html._children_text: the text of `node` and its descendants, not its tail; returns the
    visible characters inside <a href>."""
    cdef int flags = _flags(node)
    cdef int child_flags
    cdef bint here
    cdef Py_ssize_t links = 0
    cdef xmlNode* child
    if depth > _MAX_DEPTH:
        raise RecursionError("markup nested too deeply to read")
    if flags & SKIPPED:
        return 0
    if flags & BR:
        _put(text, b"\0", 1)
        return 0
    here = in_link or (flags & LINK and _has_attribute(node, "href"))
    child = _put_run(text, node.children, &links if here else NULL)
    child = _next_element_like(child)
    while child != NULL:
        if child.type == tree.XML_ELEMENT_NODE:
            child_flags = _flags(child)
            if not child_flags & SKIPPED:
                if child_flags & BR:
                    _put(text, b"\0", 1)
                else:
                    links += _gather(text, child, here, depth + 1)
                    if child_flags & BREAKING:
                        _put(text, b"\0\0", 2)
        child = _next_element_like(_put_run(text, child.next, &links if here else NULL))
    return links


cdef class _Walk:
    cdef Text text  # gathered: UTF-8, NUL for each <br>
    cdef Text joined  # gathered after _with_breaks
    cdef Text line  # the paragraph being cleaned
    cdef list out
    cdef cetree._Document doc

    def __dealloc__(self):
        free(self.text.data)
        free(self.joined.data)
        free(self.line.data)

    cdef tuple cleaned(self):
        """The gathered text's paragraphs and visible characters (html._clean_paragraphs); the
        gathered text emptied."""
        cdef tuple cleaned
        if self.text.size == 0 or memchr(self.text.data, 10, self.text.size) == NULL:  # one line: no joins
            cleaned = _paragraphs(<const unsigned char*>self.text.data, self.text.size, &self.line)
        else:
            self.joined.size = 0
            _with_breaks(<const unsigned char*>self.text.data, self.text.size, &self.joined)
            cleaned = _paragraphs(<const unsigned char*>self.joined.data, self.joined.size, &self.line)
        self.text.size = 0
        return cleaned

    cdef tuple paragraphs_of(self, xmlNode* node, Py_ssize_t* links):
        """html._paragraphs_of: an element's paragraphs, visible characters and those in links."""
        links[0] = _gather(&self.text, node, False, 0)
        return self.cleaned()

    cdef int walk(self, xmlNode* node, object hint, int depth) except -1:
        """html._Walker.walk: loose inline text between blocks becomes paragraphs."""
        cdef Py_ssize_t links = 0, mark
        cdef int flags
        cdef xmlNode* child
        cdef Text* text = &self.text
        if depth > _MAX_DEPTH:
            raise RecursionError("markup nested too deeply to read")
        mark = text.size
        child = _put_run(text, node.children, NULL)
        if _visible(<const unsigned char*>text.data + mark, text.size - mark) == 0:
            text.size = mark  # white space only: not loose text
        child = _next_element_like(child)
        while child != NULL:
            if child.type == tree.XML_ELEMENT_NODE:
                flags = _flags(child)
                if flags & SKIPPED:
                    pass
                elif flags & BR:
                    _put(text, b"\0", 1)
                elif not flags & BLOCK_LEVEL and not (flags & CONTAINER and _has_block_child(child)):
                    links += _gather(text, child, False, depth + 1)
                else:
                    if text.size:
                        paragraphs, visible = self.cleaned()
                        _py._text_blocks(paragraphs, visible, links, hint, False, self.out)
                        links = 0
                    self.element(child, flags, hint, depth + 1)
            mark = text.size
            child = _put_run(text, child.next, NULL)
            if _visible(<const unsigned char*>text.data + mark, text.size - mark) == 0:
                text.size = mark
            child = _next_element_like(child)
        if text.size:
            paragraphs, visible = self.cleaned()
            _py._text_blocks(paragraphs, visible, links, hint, False, self.out)
        return 0

    cdef int element(self, xmlNode* node, int flags, object hint, int depth) except -1:
        """html._Walker.element: one block-level element."""
        cdef Py_ssize_t links = 0
        cdef int level = flags >> LEVEL_SHIFT
        out = self.out
        if node.properties != NULL:
            classes, own_hint = _py._classes_and_hint(_attribute(node, "class"), _attribute(node, "align"),
                                                      _attribute(node, "style"), hint)
        else:
            classes, own_hint = _NO_CLASSES, hint
        if flags & RULE:
            out.append(_py.Block(_py.BlockKind.RULE, ""))
            return 0
        if level:
            paragraphs, visible = self.paragraphs_of(node, &links)
            _py._heading_block(paragraphs, visible, links, level, own_hint, out)
            return 0
        if classes:
            if classes & _py.INFO_CLASSES and not _has_block_child(node):
                out.extend(_py._info_blocks(self.element_proxy(node)))
                return 0
            if flags & PARAGRAPH and classes & _py.TITLE_CLASSES:
                _py._line_block(self.paragraphs_of(node, &links)[0], _py.BlockKind.HEADING,
                                _py.TITLE_CLASSES_LEVEL, own_hint, out)
                return 0
            if classes & _py.NAV_CLASSES:
                _py._line_block(self.paragraphs_of(node, &links)[0], _py.BlockKind.NAV, 0, own_hint, out)
                return 0
        if flags & PRE:
            _py._pre_blocks(self.element_proxy(node), out)
            return 0
        if flags & CONTAINER and _has_block_child(node):
            self.walk(node, _py._child_hint(bool(flags & BLOCKQUOTE), classes, hint), depth)
            return 0
        if flags & CELL:
            own_hint = "cell"  # a table cell: data, never a sign-off
        paragraphs, visible = self.paragraphs_of(node, &links)
        _py._text_blocks(paragraphs, visible, links, own_hint, hint == "note" or bool(classes & _py.NOTE_CLASSES),
                         out)
        return 0

    cdef object element_proxy(self, xmlNode* node):
        return cetree.elementFactory(self.doc, node)


def walk_blocks(element) -> list:
    """The blocks of `element` (an lxml element, usually <body>), as html._Walker finds them."""
    cdef cetree._Element root = element
    walk = _Walk()
    walk.out = []
    walk.doc = root._doc
    walk.walk(root._c_node, None, 0)
    return walk.out
