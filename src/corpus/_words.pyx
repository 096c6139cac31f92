# cython: language_level=3, boundscheck=False, wraparound=False
"""`corpus.words.count_words` compiled: the words of a str counted in place, with no list of them.

Counting words (`len(text.split())`) once per document and once per paragraph was a tenth of a
build, most of it making the list of words only to measure it.
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


cdef inline Py_ssize_t _count(const Char* chars, Py_ssize_t size) noexcept:
    cdef Py_ssize_t i, count = 0
    cdef unsigned char before = 1, here  # a word starts where a space is followed by a non-space
    for i in range(size):
        here = _SPACE[chars[i]] if chars[i] < 65536 else Py_UNICODE_ISSPACE(chars[i])
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
