# cython: language_level=3, boundscheck=False, wraparound=False
"""`corpus.words` compiled: the words of a str counted in place, with no list of them.

Counting words (`len(text.split())`) once per document and once per paragraph was a tenth of a
build, most of it making the list of words only to measure it. `paragraph_word_counts` counts a
document's paragraphs in the same one pass, without splitting the text into strings.
"""

cdef extern from "Python.h":
    ctypedef unsigned char Py_UCS1
    ctypedef unsigned short Py_UCS2
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    enum:
        PyUnicode_1BYTE_KIND
        PyUnicode_2BYTE_KIND


# Whether each code point of the first 65,536 is white space: a table lookup per character, and
# no branch on it below, is three times Python's own test in the loop.
cdef unsigned char _SPACE[65536]
for _code in range(65536):
    _SPACE[_code] = chr(_code).isspace()


ctypedef fused Char:  # the three widths CPython stores a str in
    Py_UCS1
    Py_UCS2
    Py_UCS4


cdef inline unsigned char _is_space(Py_UCS4 c) noexcept:
    return _SPACE[c] if c < 65536 else Py_UNICODE_ISSPACE(c)


cdef inline Py_ssize_t _count(const Char* chars, Py_ssize_t size) noexcept:
    cdef Py_ssize_t i, count = 0
    cdef unsigned char before = 1, here  # a word starts where a space is followed by a non-space
    for i in range(size):
        here = _is_space(chars[i])
        count += before & (here ^ 1)
        before = here
    return count


def count_words(str text) -> int:
    """Runs of characters that are not white space (str.isspace): len(text.split())."""
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _count(<const Py_UCS1*>PyUnicode_DATA(text), size)
    if kind == PyUnicode_2BYTE_KIND:
        return _count(<const Py_UCS2*>PyUnicode_DATA(text), size)
    return _count(<const Py_UCS4*>PyUnicode_DATA(text), size)


cdef object _part_counts(const Char* chars, Py_ssize_t size):
    cdef list counts = []
    cdef Py_ssize_t i = 0, start = 0, count = 0
    cdef unsigned char before = 1, here
    while True:
        if i == size or (chars[i] == 10 and i + 1 < size and chars[i + 1] == 10):  # a part ends
            if i == start or _is_space(chars[start]) or _is_space(chars[i - 1]):
                return None
            counts.append(count)
            if i == size:
                return counts
            i += 2  # past the blank line, as str.split("\n\n") goes on
            start, count, before = i, 0, 1
            continue
        here = _is_space(chars[i])
        count += before & (here ^ 1)
        before = here
        i += 1


def paragraph_word_counts(str text):
    """The words of each part of text.split("\\n\\n"), or None when a part is empty or has white
    space at either end (the parts are then not paragraphs as they stand)."""
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _part_counts(<const Py_UCS1*>PyUnicode_DATA(text), size)
    if kind == PyUnicode_2BYTE_KIND:
        return _part_counts(<const Py_UCS2*>PyUnicode_DATA(text), size)
    return _part_counts(<const Py_UCS4*>PyUnicode_DATA(text), size)
