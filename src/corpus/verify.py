"""`corpus verify FOLDER`: is a built folder exactly what its build wrote, in the current schema?

Three independent checks, each naming what is wrong:

1. integrity — SHA256SUMS lists every file (no unlisted file under data/, where a stray shard
   would be loaded with the others) and every listed file still has its hash;
2. schema — every shard of a config has the Arrow schema (with the HF features metadata)
   that `corpus.writer.schema_with_features` generates; `datasets` would silently cast a
   mismatched shard, so this is checked here rather than trusted to the loader;
3. counts — the shards on disk are the manifest's, with the manifest's row counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from corpus.model import CONFIGS, SCHEMA_VERSION
from corpus.writer import (
    MANIFEST,
    SUMS,
    file_sha256,
    flat_fields,
    listed_files,
    schema_with_features,
)

_SUM_LINE = re.compile(r"^(?P<sha>[0-9a-f]{64}) [ *](?P<path>.+)$")


def verify(folder: Path) -> list[str]:
    """Every problem found in `folder`, as messages; an empty list means it verifies."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder} is not a folder"]
    problems = check_sums(folder)
    manifest, more = _read_manifest(folder)
    problems += more
    if manifest is not None:
        problems += check_shards(folder, manifest)
    return problems


def _read_manifest(folder: Path) -> tuple[dict | None, list[str]]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return None, [f"{MANIFEST}: cannot be read: {err}"]
    return manifest, []


def check_sums(folder: Path) -> list[str]:
    """SHA256SUMS against the files: changed, missing and unlisted files."""
    try:
        lines = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        return [f"{SUMS}: cannot be read: {err}"]
    problems, listed = [], {}
    for number, line in enumerate(lines, 1):
        match = _SUM_LINE.match(line)
        if match is None:
            problems.append(f"{SUMS} line {number}: not '<sha256>  <path>'")
        else:
            listed[match["path"]] = match["sha"]
    for rel, expected in listed.items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"{rel}: listed in {SUMS} but missing")
        elif file_sha256(path) != expected:
            problems.append(f"{rel}: sha256 differs from {SUMS} (the file changed)")
    for rel in listed_files(folder):
        # Hidden files outside data/ (.git, .gitattributes) are not the dataset's; anything
        # under data/ is, since the loaders glob it.
        hidden = any(part.startswith(".") for part in rel.split("/"))
        if rel not in listed and (rel.startswith("data/") or not hidden):
            problems.append(f"{rel}: not listed in {SUMS}")
    return problems


def check_shards(folder: Path, manifest: dict) -> list[str]:
    """Each config's shards: the manifest's files, the generated schema, the manifest's rows."""
    problems = []
    shards = manifest.get("shards", {})
    counts = manifest.get("counts", {})
    current = manifest.get("schema_version") == SCHEMA_VERSION
    # A folder built by an older schema (an earlier release) is checked against what its own
    # manifest recorded: every shard of a config must share one schema, the one recorded there.
    for config in CONFIGS if current else sorted(shards):
        expected = schema_with_features(config) if current else _recorded_schema(folder, shards[config])
        if not current:
            problems += _check_recorded(manifest, config, expected)
        entries = shards.get(config)
        if entries is None:
            problems.append(f"{MANIFEST}: no shards listed for config '{config}'")
            continue
        on_disk = {p.relative_to(folder).as_posix() for p in (folder / "data" / config).glob("*.parquet")}
        for rel in sorted(on_disk - {e["path"] for e in entries}):
            problems.append(f"{rel}: a shard of '{config}' not in {MANIFEST}")
        total = 0
        for entry in entries:
            rows, more = _check_shard(folder, entry, expected)
            problems += more
            total += rows
        if total != counts.get(config):
            problems.append(f"config '{config}': {total} rows in its shards, "
                            f"{MANIFEST} counts {counts.get(config)}")
    return problems


def _recorded_schema(folder: Path, entries: list[dict]):
    """The schema of a config's first readable shard: all the others must equal it."""
    for entry in entries:
        try:
            return pq.ParquetFile(folder / entry["path"]).schema_arrow
        except Exception:  # noqa: BLE001, S112 - the shard check reports it
            continue
    return None


def _check_recorded(manifest: dict, config: str, schema) -> list[str]:
    recorded = (manifest.get("schema") or {}).get(config)
    if schema is None or recorded is None or flat_fields(schema) == recorded:
        return []
    return [f"config '{config}': shards' schema differs from the one {MANIFEST} records"]


def _check_shard(folder: Path, entry: dict, expected) -> tuple[int, list[str]]:
    """(rows read, problems) for one shard listed in the manifest."""
    rel = entry["path"]
    path = folder / rel
    if not path.is_file():
        return 0, [f"{rel}: listed in {MANIFEST} but missing"]
    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
        rows = parquet.metadata.num_rows
    except Exception as err:  # noqa: BLE001 - any unreadable footer is a verification failure
        return 0, [f"{rel}: not a readable Parquet file: {type(err).__name__}: {err}"]
    problems = []
    # Types, nullability and order are compared, and the HF features metadata; not the names of
    # list items, which Parquet always stores as 'element' whatever Arrow called them.
    if expected is not None and (not schema.equals(expected) or schema.metadata != expected.metadata):
        problems.append(f"{rel}: schema differs from the generated one: {_schema_diff(schema, expected)}")
    if rows != entry.get("rows"):
        problems.append(f"{rel}: {rows} rows, {MANIFEST} says {entry.get('rows')}")
    return rows, problems


def _schema_diff(actual, expected) -> str:
    for field in expected:
        index = actual.get_field_index(field.name)
        if index < 0:
            return f"field '{field.name}' is missing"
        if not actual.field(index).type.equals(field.type) or actual.field(index).nullable != field.nullable:
            return f"field '{field.name}' is {actual.field(index).type}, expected {field.type}"
    extra = [name for name in actual.names if name not in expected.names]
    if extra:
        return f"unexpected fields {extra}"
    if actual.names != expected.names:
        return "fields are in another order"
    return "the features metadata differs"
