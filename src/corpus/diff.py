"""`corpus diff OLD NEW`: what changed between two releases (or built folders).

- documents added, removed and changed, by id: a document changed when its text hash differs
  (`text`) or any other field does (`metadata`; the parser version in `provenance` is left out,
  or every parser release would change every record);
- schema changes: the Arrow schemas of both folders compared as flat field paths and types
  (`corpus.writer.flat_fields`), per config, and the semantic-version bump they require:
  a removed or retyped field (or config) → major, an added one → minor, none → patch.

The schema of a folder is its manifest's `schema` record, or, for a folder built before the
manifest had one, read from the footer of the first shard of each config.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq

from corpus.writer import MANIFEST, flat_fields

BUMPS = ("patch", "minor", "major")


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def folder_schema(folder: Path) -> dict[str, dict[str, str]]:
    """{config: {field path: type}} of a built or released folder."""
    folder = Path(folder)
    recorded = read_manifest(folder).get("schema")
    if recorded:
        return recorded
    schema = {}
    for config_dir in sorted(p for p in (folder / "data").glob("*") if p.is_dir()):
        shards = sorted(config_dir.glob("*.parquet"))
        if shards:
            schema[config_dir.name] = flat_fields(pq.read_schema(shards[0]))
    return schema


def schema_changes(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> dict:
    """Added, removed and retyped fields (as 'config:path') and configs between two schemas."""
    changes = {
        "configs_added": sorted(set(new) - set(old)),
        "configs_removed": sorted(set(old) - set(new)),
        "added": [], "removed": [], "retyped": [],
    }
    for config in sorted(set(old) & set(new)):
        before, after = old[config], new[config]
        changes["added"] += [f"{config}:{p} ({after[p]})" for p in after if p not in before]
        changes["removed"] += [f"{config}:{p} ({before[p]})" for p in before if p not in after]
        changes["retyped"] += [f"{config}:{p} ({before[p]} → {after[p]})"
                               for p in before if p in after and before[p] != after[p]]
    return changes


def required_bump(changes: dict) -> str:
    """The least semantic-version bump a schema change allows."""
    if changes["removed"] or changes["retyped"] or changes["configs_removed"]:
        return "major"
    if changes["added"] or changes["configs_added"]:
        return "minor"
    return "patch"


def document_hashes(folder: Path) -> dict[str, tuple[str, str]]:
    """{document id: (sha256 of the text, sha256 of every other field)}."""
    hashes = {}
    for shard in sorted((Path(folder) / "data" / "documents").glob("*.parquet")):
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=512):
            for row in batch.to_pylist():
                text = row.pop("text")
                if isinstance(row.get("provenance"), dict):
                    row["provenance"].pop("parser_version", None)
                rest = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)
                hashes[row["id"]] = (hashlib.sha256(text.encode()).hexdigest(),
                                     hashlib.sha256(rest.encode()).hexdigest())
    return hashes


def diff(old: Path, new: Path) -> dict:
    """Everything `corpus diff` reports, as a JSON-ready dict."""
    old, new = Path(old), Path(new)
    before, after = document_hashes(old), document_hashes(new)
    common = sorted(set(before) & set(after))
    text_changed = [i for i in common if before[i][0] != after[i][0]]
    metadata_changed = [i for i in common if before[i][0] == after[i][0] and before[i][1] != after[i][1]]
    changes = schema_changes(folder_schema(old), folder_schema(new))
    old_manifest, new_manifest = read_manifest(old), read_manifest(new)
    return {
        "old": {"path": str(old), "version": old_manifest.get("release", {}).get("version"),
                "schema_version": old_manifest.get("schema_version"),
                "counts": old_manifest.get("counts", {})},
        "new": {"path": str(new), "version": new_manifest.get("release", {}).get("version"),
                "schema_version": new_manifest.get("schema_version"),
                "counts": new_manifest.get("counts", {})},
        "documents": {
            "added": sorted(set(after) - set(before)),
            "removed": sorted(set(before) - set(after)),
            "changed": sorted(text_changed + metadata_changed),
            "text_changed": text_changed,
            "metadata_changed": metadata_changed,
            "unchanged": len(common) - len(text_changed) - len(metadata_changed),
        },
        "schema": changes,
        "required_bump": required_bump(changes),
    }


def summary_counts(result: dict) -> dict[str, int]:
    docs = result["documents"]
    return {k: len(docs[k]) for k in ("added", "removed", "changed", "text_changed", "metadata_changed")}


def format_diff(result: dict, limit: int = 20) -> str:
    """The human form of a diff: counts, then up to `limit` ids of each kind, then the schema."""
    def name(side: dict) -> str:
        return f"{side['path']}" + (f" ({side['version']})" if side["version"] else "")

    docs = result["documents"]
    lines = [f"{name(result['old'])} → {name(result['new'])}"]
    configs = sorted(set(result["old"]["counts"]) | set(result["new"]["counts"]))
    for config in configs:
        a, b = result["old"]["counts"].get(config), result["new"]["counts"].get(config)
        lines.append(f"  {config}: {a if a is not None else '—'} → {b if b is not None else '—'} rows")
    lines.append(f"documents: {len(docs['added'])} added, {len(docs['removed'])} removed, "
                 f"{len(docs['changed'])} changed ({len(docs['text_changed'])} in their text, "
                 f"{len(docs['metadata_changed'])} in metadata only), {docs['unchanged']} unchanged")
    for kind, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        for doc_id in docs[kind][:limit]:
            lines.append(f"  {sign} {doc_id}")
        if len(docs[kind]) > limit:
            lines.append(f"  … and {len(docs[kind]) - limit} more {kind}")
    schema = result["schema"]
    entries = ([f"  + config {c}" for c in schema["configs_added"]]
               + [f"  - config {c}" for c in schema["configs_removed"]]
               + [f"  + {f}" for f in schema["added"]] + [f"  - {f}" for f in schema["removed"]]
               + [f"  ~ {f}" for f in schema["retyped"]])
    lines.append(f"schema: {'no changes' if not entries else f'{len(entries)} changes'} "
                 f"(requires a {result['required_bump']} version bump)")
    lines += entries
    return "\n".join(lines)
