"""The build, top to bottom: discover raw files → read → interpret → validate → write.

Each step is a small function; only `discover` and `build` touch the file system.
Files are processed in sorted path order (in parallel, results kept in order), so the
output does not depend on how the file system lists them or on the number of workers.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from pydantic import ValidationError

from corpus.interpret import interpret
from corpus.policy import LicensePolicy, admits
from corpus.readers.decode import DecodeError
from corpus.readers.html import read_html_page
from corpus.readers.text import read_text_page
from corpus.rejects import NotADocument, Rejected, RejectReason
from corpus.report import BuildReport, Outcome, OutcomeKind
from corpus.writer import write_dataset

HTML_SUFFIXES = {".htm", ".html", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ""}
MAX_BYTES = 20 * 1024 * 1024  # no archive page comes near; a bigger file is not a page


@dataclass(frozen=True, slots=True)
class RawFile:
    path: Path  # where to read it
    rel: str  # '/'-separated path under the raw folder: the document id


def discover(raw_dir: Path) -> list[RawFile]:
    """Every file under `raw_dir`, sorted by relative path. Symlinked folders are not followed."""
    found = []
    for folder, dirs, files in os.walk(raw_dir, followlinks=False):
        dirs.sort()
        for name in files:
            path = Path(folder) / name
            found.append(RawFile(path, path.relative_to(raw_dir).as_posix()))
    return sorted(found, key=lambda f: f.rel)


def process(raw: RawFile) -> Outcome:
    """One raw file → one outcome. Never raises: every failure is a typed reject."""
    try:
        data = _read_bytes(raw)
        sha256 = hashlib.sha256(data).hexdigest()
        page = read_page(raw.rel, data)
        document = interpret(page, sha256=sha256)
        return Outcome(raw.rel, OutcomeKind.record, row=document.model_dump(), sha256=sha256)
    except Rejected as err:
        return Outcome(raw.rel, OutcomeKind.rejected, err.reason.value, f"{raw.rel}: {err.detail}")
    except NotADocument as err:
        return Outcome(raw.rel, OutcomeKind.skipped, err.reason.value, f"{raw.rel}: {err.detail}")
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        detail = f"{raw.rel}: field {where}: {first['msg']}"
        return Outcome(raw.rel, OutcomeKind.rejected, RejectReason.invalid_field.value, detail)
    except RecursionError:
        return Outcome(raw.rel, OutcomeKind.rejected, RejectReason.unsupported_format.value,
                       f"{raw.rel}: markup nested too deeply to read")


def _read_bytes(raw: RawFile) -> bytes:
    suffix = Path(raw.rel).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise Rejected(RejectReason.unsupported_format, f"'{suffix}' is neither a text transcription nor HTML")
    try:
        size = raw.path.stat().st_size
        if size > MAX_BYTES:
            raise Rejected(RejectReason.too_large, f"{size} bytes is over the {MAX_BYTES}-byte limit of a page")
        data = raw.path.read_bytes()
    except OSError as err:
        raise Rejected(RejectReason.unreadable, err.strerror or str(err)) from None
    if not data.strip():
        raise Rejected(RejectReason.empty, "the file is empty")
    return data


def read_page(rel: str, data: bytes):
    try:
        if Path(rel).suffix.lower() in HTML_SUFFIXES:
            return read_html_page(data, rel)
        return read_text_page(data, rel)
    except DecodeError as err:
        raise Rejected(RejectReason.binary, str(err)) from None


def run(files: list[RawFile], workers: int) -> Iterator[Outcome]:
    """Outcomes in the order of `files`, computed by `workers` processes."""
    if workers <= 1 or len(files) < 64:
        yield from map(process, files)
        return
    with get_context("fork").Pool(workers) as pool:
        yield from pool.imap(process, files, chunksize=16)


def build(
    raw_dir: Path,
    out_dir: Path,
    *,
    workers: int | None = None,
    policy: LicensePolicy = LicensePolicy.default,
    progress: bool = True,
) -> BuildReport:
    started = time.perf_counter()
    files = discover(raw_dir)
    report = BuildReport(raw_files=len(files))
    outcomes = run(files, workers or os.cpu_count() or 1)
    if progress:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(files), unit="page", desc="build")
    write_dataset(_admitted(_deduplicated(outcomes), policy, report), out_dir, report)
    report.seconds = time.perf_counter() - started
    return report


def _deduplicated(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """The same bytes under a second path are rejected: the first path (in sorted order) keeps them."""
    seen: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.kind is OutcomeKind.record and outcome.sha256 is not None:
            if outcome.sha256 in seen:
                outcome = Outcome(outcome.path, OutcomeKind.rejected, RejectReason.duplicate_content.value,
                                  f"{outcome.path}: same bytes as {seen[outcome.sha256]}")
            else:
                seen[outcome.sha256] = outcome.path
        yield outcome


def _admitted(outcomes: Iterator[Outcome], policy: LicensePolicy, report: BuildReport) -> Iterator[dict]:
    """Records the license policy admits; every outcome goes into the report."""
    for outcome in outcomes:
        if outcome.kind is OutcomeKind.record and not admits(policy, outcome.row["license"]):
            outcome.kind = OutcomeKind.excluded
            outcome.reason = f"license:{outcome.row['license']['kind']}"
            outcome.detail = f"{outcome.path}: license policy '{policy.value}' excludes it"
        report.add(outcome)
        if outcome.kind is OutcomeKind.record:
            yield outcome.row
        outcome.row = None  # keep memory flat: the row now lives only in the writer's batch
