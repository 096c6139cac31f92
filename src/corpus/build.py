"""The build, top to bottom: discover raw files → read → interpret → validate → write.

Each step is a small function; only `discover`, `_read_bytes` and `build` touch the file system.
Files are processed in sorted path order (in parallel, results kept in order), so the
output does not depend on how the file system lists them or on the number of workers.

Nothing is lost: every raw file ends as exactly one outcome (record, skipped, excluded, or
rejected with a typed `RejectReason` and a detail naming the file). `process` never raises —
even a bug in a reader or the interpreter becomes an `internal_error` reject — so one bad
file never stops a build of thousands.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from pydantic import ValidationError

from corpus.incremental import PreviousBuild, load_previous, parser_fingerprint, write_index
from corpus.interpret import interpret_page, load_tables
from corpus.paragraphs import Paragraphs, paragraph_columns
from corpus.policy import LicensePolicy, admits
from corpus.readers.decode import DecodeError
from corpus.readers.html import read_html_page
from corpus.readers.text import read_text_page
from corpus.rejects import NotADocument, Rejected, RejectReason
from corpus.report import BuildReport, Outcome, OutcomeKind
from corpus.writer import discard_staging, write_dataset

HTML_SUFFIXES = {".htm", ".html", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ""}
MAX_BYTES = 20 * 1024 * 1024  # no archive page comes near; a bigger file is not a page
# Folders under raw/ that hold bookkeeping, not raw pages: `.fetch` has `corpus fetch`'s sidecars
# and crawl state (corpus.fetch). discover() does not descend into a folder of these names.
IGNORED_DIRS = frozenset({".fetch"})


@dataclass(frozen=True, slots=True)
class RawFile:
    path: str | os.PathLike[str]  # where to read it (a str from discover: it crosses to the workers)
    rel: str  # '/'-separated path under the raw folder: the document id


def discover(raw_dir: Path) -> list[RawFile]:
    """Every file under `raw_dir`, sorted by relative path. Symlinked folders are not followed,
    nor folders named in IGNORED_DIRS; as in `os.walk`, a folder that cannot be listed is passed
    over. Relative paths are built as strings: pathlib took half of the time (0.15 s the sample)."""
    found: list[RawFile] = []
    _visit(os.fspath(raw_dir), "", found)
    return sorted(found, key=lambda f: f.rel)


def _visit(folder: str, prefix: str, found: list[RawFile]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # a symlink to a folder is a folder here, as in os.walk
        except OSError:
            is_dir = False
        if not is_dir:
            found.append(RawFile(entry.path, prefix + entry.name))
        elif entry.name not in IGNORED_DIRS and not entry.is_symlink():
            _visit(entry.path, f"{prefix}{entry.name}/", found)


def process(raw: RawFile) -> Outcome:
    """One raw file → one outcome. Never raises: every failure is a typed reject naming the file."""
    sha256 = None
    try:
        data = _read_bytes(raw)
        sha256 = hashlib.sha256(data).hexdigest()
        page = read_page(raw.rel, data)  # first: binary data is rejected as such, not as truncated
        _check_complete(raw.rel, data)
        reading = interpret_page(page, sha256=sha256)
        _check_provenance(reading.document, raw.rel, sha256)
        row = reading.document.model_dump()
        return Outcome(raw.rel, OutcomeKind.record, row=row, paragraphs=paragraph_columns(row), sha256=sha256,
                       warnings=reading.warnings, date_strings=reading.date_strings,
                       unparsed_dates=reading.unparsed_dates)
    except Rejected as err:
        return _rejected(raw, err.reason, err.detail, sha256)
    except NotADocument as err:
        return Outcome(raw.rel, OutcomeKind.skipped, err.reason.value, f"{raw.rel}: {err.detail}",
                       sha256=sha256)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        return _rejected(raw, RejectReason.invalid_field, f"field {where}: {first['msg']}", sha256)
    except RecursionError:
        return _rejected(raw, RejectReason.unsupported_format, "markup nested too deeply to read", sha256)
    except Exception as err:  # noqa: BLE001 - a bug must not stop the build nor lose the file
        return _rejected(raw, RejectReason.internal_error, f"{type(err).__name__}: {err}", sha256)


def _rejected(raw: RawFile, reason: RejectReason, detail: str, sha256: str | None) -> Outcome:
    return Outcome(raw.rel, OutcomeKind.rejected, reason.value, f"{raw.rel}: {detail}", sha256=sha256)


def _read_bytes(raw: RawFile) -> bytes:
    """The file's bytes, or a typed reject. Only regular files are read (a FIFO would block
    forever); the size is decided from fstat before reading, so a huge file costs no memory."""
    suffix = _suffix(raw.rel)
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise Rejected(RejectReason.unsupported_format,
                       f"'{suffix}' is neither a text transcription nor HTML")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer. Symlinks to files are followed;
        # a symlink loop fails here with ELOOP.
        fd = os.open(raw.path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Rejected(RejectReason.unreadable, f"not a regular file ({_file_type(info.st_mode)})")
            if info.st_size > MAX_BYTES:
                raise Rejected(RejectReason.too_large,
                               f"{info.st_size} bytes is over the {MAX_BYTES}-byte limit of a page")
            # One byte past the size fstat gave, to see a file that grew meanwhile (asking for
            # MAX_BYTES + 1 would have the reader allocate, and give back, 20 MB per page).
            data = file.read(info.st_size + 1)
    except OSError as err:
        raise Rejected(RejectReason.unreadable, err.strerror or str(err)) from None
    if len(data) > info.st_size:
        raise Rejected(RejectReason.unreadable, "the file grew while it was read (is it still being written?)")
    if not data or data.isspace():  # not data.strip(), without copying the page
        raise Rejected(RejectReason.empty, "the file is empty")
    return data


def _suffix(rel: str) -> str:
    """`Path(rel).suffix.lower()` ("" for ".htaccess" and "name."), without building a Path: it is
    asked three times of every file."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


_TAIL = 4096
_CLOSING = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def _check_complete(rel: str, data: bytes) -> None:
    """Reject an HTML page that was cut short, rather than publish half a text as a whole one.

    Archive pages do not all close </body> or </html> (24 of the 8,298 sample pages do not), but
    every one of those ends on a tag. A page that stops mid-text or mid-tag *and* never closes its
    body was truncated. NUL bytes are dropped first so that UTF-16/32 pages are judged the same way.
    """
    if _suffix(rel) not in HTML_SUFFIXES:
        return  # a plain-text transcription has no closing mark to look for
    tail = data[-_TAIL:].replace(b"\x00", b"").rstrip()
    if tail.endswith(b">") or _CLOSING.search(tail):  # most pages end on "</html>": no search
        return
    raise Rejected(RejectReason.truncated,
                   f"the page ends mid-text or mid-tag ({tail[-40:].decode('latin-1')!r}) "
                   "without </body> or </html>: the file was cut short")


def _check_provenance(document, rel: str, actual: str) -> None:
    """The record must describe the bytes it came from: same path, same sha256 (`actual`, the
    digest of the bytes read)."""
    prov = document.provenance
    if prov.raw_sha256 != actual or prov.raw_path != rel:
        raise Rejected(RejectReason.provenance_mismatch,
                       f"provenance says {prov.raw_path} sha256 {prov.raw_sha256[:12]}…, "
                       f"the bytes read are {rel} sha256 {actual[:12]}…")


def read_page(rel: str, data: bytes):
    try:
        if _suffix(rel) in HTML_SUFFIXES:
            return read_html_page(data, rel)
        return read_text_page(data, rel)
    except DecodeError as err:
        raise Rejected(RejectReason.binary, str(err)) from None


POOL_MIN_FILES = 64  # below this, starting processes costs more than it saves


@contextmanager
def running(files: list[RawFile], workers: int) -> Iterator[Iterator[Outcome]]:
    """Outcomes in the order of `files`, computed by `workers` processes. The work starts on
    entering, so the workers are busy while the caller gets ready to take the outcomes."""
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        yield map(process, files)
        return
    load_tables()  # before the fork: the workers share them
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        chunks = (files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES))
        ahead = islice(chunks, CHUNKS_IN_FLIGHT * workers)
        in_flight = deque(pool.submit(_process_chunk, chunk) for chunk in ahead)
        yield _in_order(pool, chunks, in_flight)


CHUNK_FILES = 16  # files per task: few messages, yet small enough to keep every worker busy to the end
# Tasks given out ahead, per worker: the workers never wait, and memory does not grow with the input
# (Executor.map would submit every task at once and keep every result the writer has not taken).
CHUNKS_IN_FLIGHT = 4


def _in_order(pool: ProcessPoolExecutor, chunks: Iterator[list[RawFile]],
              in_flight: deque) -> Iterator[Outcome]:
    """The outcomes of each task in turn; one more task submitted for each one taken."""
    while in_flight:
        outcomes = in_flight.popleft().result()
        for chunk in islice(chunks, 1):
            in_flight.append(pool.submit(_process_chunk, chunk))
        yield from outcomes


def _process_chunk(chunk: list[RawFile]) -> list[Outcome]:
    return [_process_to_send(raw) for raw in chunk]


def _process_to_send(raw: RawFile) -> Outcome:
    """`process`, with a record's texts as UTF-8 bytes for the trip to the writing process: a str
    would be encoded to UTF-8 by pickle, decoded back, and encoded once more by Arrow there (0.9 CPU s
    on the sample when this was measured); bytes are copied as they are, and Arrow checks they are UTF-8."""
    outcome = process(raw)
    if outcome.row is not None:
        row = outcome.row
        text, row["text"] = row["text"], row["text"].encode()
        for part in (*row["sections"], *row["notes"]):
            part["text"] = part["text"].encode()
        paragraphs = outcome.paragraphs
        # Most often the paragraphs' text is the document's: one bytes object, pickled once.
        paragraphs.text = row["text"] if paragraphs.text is text else paragraphs.text.encode()
    return outcome


def build(
    raw_dir: Path,
    out_dir: Path,
    *,
    workers: int | None = None,
    policy: LicensePolicy = LicensePolicy.default,
    progress: bool = True,
    incremental: bool = True,
) -> BuildReport:
    """Build `out_dir` from `raw_dir`; with `incremental`, reuse what the last build of `out_dir`
    read from unchanged files, and leave `out_dir` untouched when nothing changed."""
    started = time.perf_counter()
    files = discover(raw_dir)
    report = BuildReport(raw_files=len(files))
    parser = parser_fingerprint()
    previous = load_previous(out_dir, parser, policy.value) if incremental else None
    hashes = {f.rel: _file_sha256(f) for f in files} if previous else {}
    if previous is not None and hashes == {p: e["sha256"] for p, e in previous.entries.items()}:
        report.restore(previous.outcomes(), out_dir / "build-report.json")
        report.unchanged = True
        discard_staging(out_dir)
    else:
        fresh = [f for f in files if not previous.reusable(f.rel, hashes[f.rel])] if previous else files
        with _collecting_less(), running(fresh, _workers(workers)) as computed:
            outcomes = _reusing(files, previous, computed, fresh) if previous else computed
            if progress:
                from tqdm import tqdm

                outcomes = tqdm(outcomes, total=len(files), unit="page", desc="build")
            write_dataset(_admitted(_deduplicated(outcomes), policy, report), out_dir, report)
        write_index(out_dir, report, parser, policy.value)
    report.seconds = time.perf_counter() - started
    return report


# A build makes millions of short-lived containers (blocks, tokens, row dicts) and little cyclic
# garbage. At CPython's default, a collection every 700 allocations, the collector kept traversing
# the rows the writer holds in its batches: 0.3 CPU s of a build on the sample, memory unchanged.
GC_THRESHOLD = (20_000, 20, 20)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """GC_THRESHOLD while the build runs (the workers, forked inside, inherit it)."""
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _workers(workers: int | None) -> int:
    return workers or os.cpu_count() or 1


def _reusing(files: list[RawFile], previous: PreviousBuild, computed: Iterator[Outcome],
             fresh_files: list[RawFile]) -> Iterator[Outcome]:
    """Outcomes in file order: reused for unchanged files, `computed` (in order) for the rest."""
    fresh, fresh_paths = iter(computed), {f.rel for f in fresh_files}
    rows = _Peekable(previous.rows())
    for raw in files:
        if raw.rel in fresh_paths:
            yield next(fresh)
            continue
        outcome = previous.outcome(raw.rel)
        if outcome.kind is OutcomeKind.record:
            outcome.row = rows.take(raw.rel)
            if outcome.row is None:  # the previous shards lack it: parse after all
                outcome = process(raw)
        yield outcome


class _Peekable:
    """Walks the previous rows (sorted by id) to the one with a given id."""

    def __init__(self, rows: Iterator[dict]):
        self._rows, self._head = rows, next(rows, None)

    def take(self, doc_id: str) -> dict | None:
        while self._head is not None and self._head["id"] < doc_id:
            self._head = next(self._rows, None)
        if self._head is None or self._head["id"] != doc_id:
            return None
        row, self._head = self._head, next(self._rows, None)
        return row


def _file_sha256(raw: RawFile) -> str | None:
    """The bytes' sha256 as `process` would record it; None where it would not read them."""
    try:
        if _suffix(raw.rel) not in HTML_SUFFIXES | TEXT_SUFFIXES:
            return None
        if not os.path.isfile(raw.path) or os.stat(raw.path).st_size > MAX_BYTES:
            return None
        with open(raw.path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


def _deduplicated(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """Rejects a second record with the bytes, or the id, of an earlier one (in sorted path order,
    so the first path keeps them).

    Ids are compared case-folded too: `Lenin.htm` and `lenin.htm` cannot both exist on a
    case-insensitive file system (macOS, Windows), where the dataset is also used.
    """
    by_content: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.kind is OutcomeKind.record:
            doc_id = outcome.row["id"].casefold()
            if outcome.sha256 in by_content:
                outcome = _demoted(outcome, RejectReason.duplicate_content,
                                   f"same bytes as {by_content[outcome.sha256]}")
            elif doc_id in by_id:
                outcome = _demoted(outcome, RejectReason.duplicate_id,
                                   f"id {outcome.row['id']!r} collides with the record of {by_id[doc_id]}")
            else:
                by_content[outcome.sha256] = by_id[doc_id] = outcome.path
        yield outcome


def _demoted(outcome: Outcome, reason: RejectReason, detail: str) -> Outcome:
    return Outcome(outcome.path, OutcomeKind.rejected, reason.value, f"{outcome.path}: {detail}",
                   sha256=outcome.sha256)


def _admitted(outcomes: Iterator[Outcome], policy: LicensePolicy,
              report: BuildReport) -> Iterator[tuple[dict, Paragraphs | None]]:
    """Records the license policy admits, with their paragraphs; every outcome goes into the report."""
    for outcome in outcomes:
        if outcome.kind is OutcomeKind.record and not admits(policy, outcome.row["license"]):
            outcome.kind = OutcomeKind.excluded
            outcome.reason = f"license:{outcome.row['license']['kind']}"
            outcome.detail = f"{outcome.path}: license policy '{policy.value}' excludes it"
        report.add(outcome)
        if outcome.kind is OutcomeKind.record:
            yield outcome.row, outcome.paragraphs
        outcome.row = outcome.paragraphs = None  # keep memory flat: rows now live only in the writer
