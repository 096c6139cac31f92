"""Typed outcomes for raw files that do not become records."""

from __future__ import annotations

from enum import StrEnum


class RejectReason(StrEnum):
    """Why a raw file could not become a record. Each is counted in the build report."""

    unreadable = "unreadable"  # not a readable regular file (permissions, I/O error, symlink loop, FIFO)
    empty = "empty"  # zero bytes, or only whitespace
    binary = "binary"  # not text in any encoding
    undecodable = "undecodable"  # text, but too damaged to decode faithfully
    unsupported_format = "unsupported_format"  # neither a plain-text transcription nor an HTML page
    too_large = "too_large"  # over the size limit of one page (decided from its size: never read)
    truncated = "truncated"  # HTML cut short: ends mid-text or mid-tag, no </body>
    no_body = "no_body"  # a header, but no body text
    no_author = "no_author"
    no_title = "no_title"
    invalid_field = "invalid_field"  # a field failed validation (the pydantic location is in the detail)
    duplicate_id = "duplicate_id"  # another raw file gave the same id, or one differing only by case
    duplicate_content = "duplicate_content"  # the same bytes under another path
    provenance_mismatch = "provenance_mismatch"  # provenance does not match the bytes read
    internal_error = "internal_error"  # a reader or the interpreter raised (a bug; see detail)


class SkipReason(StrEnum):
    """Why a readable page is not a document (not an error)."""

    index = "index"  # an index of works
    toc = "toc"  # a book's table of contents
    navigation = "navigation"  # mostly links
    moved = "moved"  # "this file is no longer available" / moved pages


class Rejected(Exception):
    """A raw file that cannot become a record, with a typed reason and a human detail."""

    def __init__(self, reason: RejectReason, detail: str):
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


class NotADocument(Exception):
    """A readable page that is not a document (index, table of contents, navigation...)."""

    def __init__(self, reason: SkipReason, detail: str):
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
