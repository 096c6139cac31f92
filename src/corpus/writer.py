"""Write records as a dataset folder that `datasets.load_dataset(folder)` opens with no code.

    <out>/README.md                                   dataset card, YAML `configs:` + `dataset_info`
    <out>/data/<config>/train-0000N-of-0000M.parquet  shards, one explicit Arrow schema per config
    <out>/build-report.json                           every raw file's outcome
    <out>/manifest.json                               versions, input fingerprint, shards and row counts
    <out>/SHA256SUMS                                  `sha256sum -c` format, every other file

Rows stream in and go out in bounded batches, so memory does not grow with the corpus.
The folder is built beside the target (`.<out>.staging`), flushed to disk, and swapped in
at the end in one atomic step (Linux renameat2 RENAME_EXCHANGE): a build killed at any
moment leaves either the previous output or the new one, never a mix. `corpus verify`
(corpus.verify) checks a folder against its SHA256SUMS and manifest.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.card import dataset_card
from corpus.interpret import PARSER_VERSION
from corpus.model import CONFIGS, SCHEMA_VERSION
from corpus.paragraphs import Paragraphs, paragraph_columns, paragraph_table
from corpus.report import BuildReport
from corpus.schema import arrow_schema, hf_features_dict

BATCH_ROWS = 256  # rows per row group: bounded memory while streaming
# Small rows go in bigger row groups: a 256-row group of paragraphs is ~100 kB, all overhead.
BATCH_ROWS_BY_CONFIG = {"sections": 1024, "paragraphs": 8192}
SHARD_ROWS = 4096  # rows per shard file, at most
SHARD_ROWS_BY_CONFIG = {"paragraphs": 65536}  # small rows: more per shard, so shards stay few
SHARD_BYTES = 256 * 1024 * 1024  # uncompressed Arrow bytes per shard, at most (plus one batch)
PARQUET_OPTIONS = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}
# Text columns are (nearly) all distinct: trying a dictionary first costs time and saves nothing.
PLAIN_COLUMNS = frozenset({"text", "sections.list.element.text", "notes.list.element.text"})
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


def schema_with_features(config: str) -> pa.Schema:
    """The Arrow schema carrying the HF features, as `datasets` itself stores them."""
    features = {"info": {"features": hf_features_dict(config)}}
    return arrow_schema(config).with_metadata({"huggingface": json.dumps(features, sort_keys=True)})


def parquet_options(schema: pa.Schema) -> dict:
    """PARQUET_OPTIONS, with dictionary encoding only for the columns that repeat values."""
    return {**PARQUET_OPTIONS, "use_dictionary": [c for c in _leaf_paths(schema) if c not in PLAIN_COLUMNS]}


def _leaf_paths(schema: pa.Schema) -> list[str]:
    """Parquet's dotted column paths ("date.start", "sections.list.element.text"): the leaves of
    `flat_fields`, its list marker spelled as Parquet spells it."""
    return [path.replace("[]", ".list.element") for path, kind in flat_fields(schema).items()
            if not kind.startswith(("struct", "list"))]


class ShardWriter:
    """Writes one config's rows into numbered shards of at most `shard_rows` rows and about
    `shard_bytes` uncompressed bytes (a shard is closed once a batch takes it past the bound).

    Rows are buffered column by column and written in row groups of `batch_rows`, cut at the
    same places whatever way they arrive (`add` one row, `extend` many), so the bytes written
    depend only on the sequence of rows."""

    def __init__(self, folder: Path, config: str, shard_rows: int | None = None,
                 shard_bytes: int = SHARD_BYTES, batch_rows: int | None = None):
        self.folder = folder
        self.config = config
        self.shard_rows = shard_rows or SHARD_ROWS_BY_CONFIG.get(config, SHARD_ROWS)
        self.batch_rows = batch_rows or BATCH_ROWS_BY_CONFIG.get(config, BATCH_ROWS)
        self.shard_bytes = shard_bytes
        self._shard_bytes = 0
        self.schema = schema_with_features(config)
        self._options = parquet_options(self.schema)
        self.shards: list[Path] = []
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self._columns: dict[str, list] = {name: [] for name in self.schema.names}
        self._tables: list[pa.Table] = []  # or rows given as Arrow tables (`extend_table`)
        self._pending = 0

    def add(self, row: dict) -> None:
        for name, column in self._columns.items():
            column.append(row[name])
        self._pending += 1
        if self._pending >= self.batch_rows:
            self._flush()

    def extend(self, columns: dict[str, list]) -> None:
        """Many rows at once, as equally long columns (every field of the schema)."""
        lengths = {len(columns[name]) for name in self._columns}
        if len(lengths) != 1:
            raise ValueError(f"{self.config}: columns of unequal length {sorted(lengths)}")
        for name, column in self._columns.items():
            column.extend(columns[name])
        self._pending += lengths.pop()
        if self._pending >= self.batch_rows:
            self._flush()

    def extend_table(self, table: pa.Table) -> None:
        """Many rows at once, as a table of the writer's schema. A writer takes its rows either
        way, not both: the order of rows given both ways would be lost."""
        if any(self._columns.values()):
            raise ValueError(f"{self.config}: rows given both as Python values and as Arrow tables")
        self._tables.append(table)
        self._pending += table.num_rows
        if self._pending >= self.batch_rows:
            self._flush()

    def _flush(self, final: bool = False) -> None:
        while self._pending >= self.batch_rows or final and self._pending:
            self._write(min(self._pending, self.batch_rows, self.shard_rows - self._in_shard))

    def _write(self, take: int) -> None:
        if self._writer is None:
            path = self.folder / f".shard-{len(self.shards):05d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(path, self.schema, **self._options)
            self.shards.append(path)
        table = self._take_table(take)
        self._pending -= take
        self._writer.write_table(table, row_group_size=self.batch_rows)
        self.rows += take
        self._in_shard += take
        self._shard_bytes += table.nbytes
        if self._in_shard >= self.shard_rows or self._shard_bytes >= self.shard_bytes:
            self._writer.close()
            self._writer, self._in_shard, self._shard_bytes = None, 0, 0

    def _take_table(self, take: int) -> pa.Table:
        """The first `take` pending rows as one table, in one chunk (so that the bytes written do
        not depend on how the rows were cut when they came)."""
        if self._tables:
            pending = self._tables[0] if len(self._tables) == 1 else pa.concat_tables(self._tables)
            rest = pending.slice(take)
            self._tables = [rest] if rest.num_rows else []
            return pending.slice(0, take).combine_chunks()
        table = pa.Table.from_pydict({name: column[:take] for name, column in self._columns.items()},
                                     schema=self.schema)
        for column in self._columns.values():
            del column[:take]
        return table

    def close(self) -> list[Path]:
        """Finish and give the shards their final names train-0000N-of-0000M.parquet."""
        self._flush(final=True)
        if self._writer is not None:
            self._writer.close()
        if not self.shards:  # an empty config still gets one (empty) shard with the schema
            path = self.folder / ".shard-00000.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(self.schema.empty_table(), path, **self._options)
            self.shards.append(path)
        total = len(self.shards)
        final = []
        for i, path in enumerate(self.shards):
            target = path.with_name(f"train-{i:05d}-of-{total:05d}.parquet")
            path.rename(target)
            final.append(target)
        return final


def section_rows(document: dict) -> Iterator[dict]:
    for position, section in enumerate(document["sections"]):
        yield {
            "document_id": document["id"],
            "position": position,
            "author": document["author"],
            "title": document["title"],
            **section,
        }


class _ParagraphBatch:
    """Documents' paragraphs gathered until they make a row group, then given to the writer as
    one table (split in C++, `corpus.paragraphs.paragraph_table`)."""

    def __init__(self, writer: ShardWriter):
        self.writer = writer
        self.document_ids: list[str] = []
        self.paragraphs: list[Paragraphs] = []
        self.rows = 0

    def add(self, document_id: str, paragraphs: Paragraphs) -> None:
        self.document_ids.append(document_id)
        self.paragraphs.append(paragraphs)
        self.rows += len(paragraphs.n_words)
        if self.rows >= self.writer.batch_rows:
            self.flush()

    def flush(self) -> None:
        if self.paragraphs:
            self.writer.extend_table(paragraph_table(self.document_ids, self.paragraphs, self.writer.schema))
        self.document_ids, self.paragraphs, self.rows = [], [], 0


def _observe(report: BuildReport, row: dict) -> None:
    cov = report.field_coverage
    for name, present in (
        ("date", row["date"] is not None),
        ("place", row["place"] is not None),
        ("resolved place", row["place"] is not None and row["place"]["name"] is not None),
        ("license statement", row["license"]["statement"] is not None),
    ):
        cov[name] = cov.get(name, 0) + int(present)
    if row["place"] is not None and row["place"]["name"] is None:
        raw = row["place"]["raw"]
        # "HARTENSTEIN, SWITZERLAND" and "Hartenstein, Switzerland" are one entry to curate.
        report.unresolved_places[raw.title() if raw.isupper() else raw] += 1
    report.license_kinds[row["license"]["kind"]] += 1


def discard_staging(out_dir: Path) -> Path:
    """Remove what a killed build left beside `out_dir`; return the staging folder's path."""
    staging = out_dir.resolve().with_name(f".{out_dir.resolve().name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def write_dataset(records: Iterable[tuple[dict, Paragraphs | None]], out_dir: Path,
                  report: BuildReport) -> None:
    """Write (document row, its paragraphs or None to compute them) pairs as the dataset."""
    out_dir = out_dir.resolve()
    staging = discard_staging(out_dir)
    staging.mkdir(parents=True)
    writers = {config: ShardWriter(staging / "data" / config, config) for config in CONFIGS}
    paragraphs = _ParagraphBatch(writers["paragraphs"])
    for row, columns in records:
        _observe(report, row)
        writers["documents"].add(row)
        for section in section_rows(row):
            writers["sections"].add(section)
        paragraphs.add(row["id"], columns if columns is not None else paragraph_columns(row))
    paragraphs.flush()
    shards = {config: writer.close() for config, writer in writers.items()}
    counts = {config: writer.rows for config, writer in writers.items()}  # after close: all flushed
    (staging / "README.md").write_text(dataset_card(counts), encoding="utf-8")
    report.write(staging / "build-report.json")
    write_manifest(staging, report, counts, shards)
    write_sums(staging)
    _fsync_tree(staging)
    swap_in(staging, out_dir)


def write_manifest(folder: Path, report: BuildReport, counts: dict[str, int],
                   shards: dict[str, list[Path]]) -> None:
    """What was built, from what, by which code: `corpus verify` checks the folder against it."""
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "parser_version": PARSER_VERSION,
        "inputs": {"raw_files": report.raw_files, "fingerprint": report.fingerprint()},
        "outcomes": report.counts(),
        "counts": counts,
        "schema": schema_record(),
        "shards": {
            config: [{"path": path.relative_to(folder).as_posix(),
                      "rows": pq.ParquetFile(path).metadata.num_rows} for path in paths]
            for config, paths in shards.items()
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def flat_fields(schema: pa.Schema) -> dict[str, str]:
    """Every field path of an Arrow schema (structs opened, list items as `[]`) and its type,
    e.g. {"date.start": "date32[day]", "sections[].text": "string", ...}; nullability is part of
    the type ("?" suffix). What `corpus diff` and the release's version check compare."""
    flat: dict[str, str] = {}

    def walk(prefix: str, dtype: pa.DataType, nullable: bool) -> None:
        if pa.types.is_struct(dtype):
            flat[prefix] = "struct" + ("?" if nullable else "")
            for child in dtype:
                walk(f"{prefix}.{child.name}", child.type, child.nullable)
        elif pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
            flat[prefix] = "list" + ("?" if nullable else "")
            walk(f"{prefix}[]", dtype.value_type, dtype.value_field.nullable)
        else:
            flat[prefix] = str(dtype) + ("?" if nullable else "")

    for field in schema:
        walk(field.name, field.type, field.nullable)
    return flat


def schema_record() -> dict[str, dict[str, str]]:
    """The flattened Arrow schema of every config, as the manifest records it."""
    return {config: flat_fields(arrow_schema(config)) for config in CONFIGS}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def listed_files(folder: Path) -> list[str]:
    """Every file under `folder` but SHA256SUMS, as sorted '/'-separated relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() != SUMS)


def write_sums(folder: Path) -> None:
    """SHA256SUMS in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks the folder too.
    Files are hashed on all cores (hashlib lets go of the GIL): it is the end of the build, when
    the workers are done, and 140 MB took 0.11 s on one."""
    rels = listed_files(folder)
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        digests = list(pool.map(file_sha256, (folder / rel for rel in rels)))
    lines = [f"{digest}  {rel}\n" for digest, rel in zip(digests, rels, strict=True)]
    (folder / SUMS).write_text("".join(lines), encoding="utf-8")


def _fsync_tree(folder: Path) -> None:
    """Flush every file and folder to disk before the swap: after a power cut the swapped-in
    folder must hold the bytes its SHA256SUMS promises, not empty files."""
    for path in sorted(folder.rglob("*"), reverse=True) + [folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- the swap ------------------------------------------------------------------------------

_AT_FDCWD = -100  # <fcntl.h>: paths relative to the working directory
_RENAME_EXCHANGE = 2  # <linux/fs.h>: swap the two paths atomically; both must exist
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


def rename_exchange(a: Path, b: Path) -> bool:
    """Atomically swap paths `a` and `b` (Linux ≥ 3.15 renameat2 RENAME_EXCHANGE).

    False when the platform, C library or file system does not support it; other errors raise.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2  # glibc ≥ 2.28; musl and macOS have none
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging`; the old folder is removed only once the new one is in place.

    With an existing `out_dir`, the two are exchanged in one atomic step: there is no instant at
    which `out_dir` is missing or half-written. Without renameat2 the fallback is two renames,
    with a short window where `out_dir` is absent (but never partial).
    """
    if out_dir.exists() or out_dir.is_symlink():
        if rename_exchange(staging, out_dir):
            _remove(staging)  # `staging` now holds the previous output
            _fsync_dir(out_dir.parent)
            return
        old = out_dir.with_name(f".{out_dir.name}.old")
        if old.exists():
            shutil.rmtree(old)
        out_dir.rename(old)
        staging.rename(out_dir)
        _remove(old)
    else:
        staging.rename(out_dir)
    _fsync_dir(out_dir.parent)


def _remove(path: Path) -> None:
    """Remove the previous output, which may have been a symlink to a folder (kept, not followed)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
