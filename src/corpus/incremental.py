"""Incremental rebuilds: a raw file whose bytes and parser are unchanged is not parsed again.

After each build, `<out>/.corpus/outcomes.jsonl` records every raw file's sha256 and outcome,
with the parser fingerprint and license policy that produced them. The next build into the
same folder reuses an outcome when the file's bytes, the parser and the policy are the same;
a reused record's row is read back from the previous documents shards, which hold records
in the same sorted path order the build walks, so one streaming pass suffices and memory
stays flat. When nothing at all changed, the output is left as it is.

The parser fingerprint hashes the source of every module that decides a record's content,
so a code change can never be served stale outputs, whether or not PARSER_VERSION was bumped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq

from corpus.report import BuildReport, Outcome, OutcomeKind

INDEX = Path(".corpus") / "outcomes.jsonl"
# Modules whose code decides what a record holds (the build's plumbing is not among them).
PARSER_MODULES = (
    "blocks.py", "checks.py", "classify.py", "dates.py", "headers.py", "interpret.py", "language.py",
    "licenses.py", "model.py", "places.py", "signoffs.py", "titles.py", "words.py", "_words.pyx",
    "readers/decode.py", "readers/html.py", "readers/_walk.pyx", "readers/text.py",
)
_NOT_REUSABLE = {"duplicate_content", "duplicate_id", "internal_error", "unreadable"}


def parser_fingerprint() -> str:
    """sha256 over the parsing modules' source and the package's data tables."""
    package = resources.files("corpus")
    digest = hashlib.sha256()
    data = sorted(p.name for p in package.joinpath("data").iterdir() if p.is_file())
    for name in [*PARSER_MODULES, *(f"data/{n}" for n in data)]:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class PreviousBuild:
    """What the last build into an output folder read, and what became of each file."""

    folder: Path
    entries: dict[str, dict]

    def reusable(self, path: str, sha256: str) -> bool:
        entry = self.entries.get(path)
        return (
            entry is not None
            and entry["sha256"] == sha256
            and entry["kind"] != OutcomeKind.excluded.value  # its row is in no shard
            and entry.get("reason") not in _NOT_REUSABLE  # depends on other files or on chance
        )

    def rows(self) -> Iterator[dict]:
        """The previous documents rows, in shard order (= sorted path order)."""
        for shard in sorted((self.folder / "data" / "documents").glob("*.parquet")):
            for batch in pq.ParquetFile(shard).iter_batches(batch_size=256):
                yield from batch.to_pylist()

    def outcomes(self) -> list[Outcome]:
        return [self.outcome(path) for path in sorted(self.entries)]

    def outcome(self, path: str) -> Outcome:
        entry = self.entries[path]
        return Outcome(
            path, OutcomeKind(entry["kind"]), entry.get("reason"), entry.get("detail"),
            sha256=entry["sha256"], warnings=entry.get("warnings", []),
            date_strings=entry.get("date_strings", 0), unparsed_dates=entry.get("unparsed_dates", []),
        )


def load_previous(out_dir: Path, fingerprint: str, policy: str) -> PreviousBuild | None:
    """The previous build of `out_dir`, if it was made by this parser under this policy."""
    index, manifest = out_dir / INDEX, out_dir / "manifest.json"
    if not index.exists() or not manifest.exists():
        return None
    shards = json.loads(manifest.read_text(encoding="utf-8")).get("shards", {})
    if not all((out_dir / s["path"]).exists() for config in shards.values() for s in config):
        return None  # the folder was tampered with since: build it afresh
    with index.open(encoding="utf-8") as file:
        head = json.loads(file.readline())
        if head.get("parser") != fingerprint or head.get("policy") != policy:
            return None
        entries = {entry["path"]: entry for entry in map(json.loads, file)}
    return PreviousBuild(out_dir, entries)


def write_index(out_dir: Path, report: BuildReport, fingerprint: str, policy: str) -> None:
    """Record every outcome of the build just swapped in (outside SHA256SUMS: a cache, not data)."""
    index = out_dir / INDEX
    index.parent.mkdir(exist_ok=True)
    tmp = index.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as file:
        file.write(json.dumps({"parser": fingerprint, "policy": policy}) + "\n")
        for o in report.outcomes:
            entry = {"path": o.path, "sha256": o.sha256, "kind": o.kind.value, "reason": o.reason,
                     "detail": o.detail, "warnings": o.warnings, "date_strings": o.date_strings,
                     "unparsed_dates": o.unparsed_dates}
            file.write(json.dumps(entry, ensure_ascii=False) + "\n")
    tmp.replace(index)
