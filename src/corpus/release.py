"""`corpus release --version X.Y.Z`: a versioned, self-describing release folder.

    releases/X.Y.Z/README.md                                   the card: front matter, figures, prose
    releases/X.Y.Z/images/documents-per-year.png               linked from the card, relatively
    releases/X.Y.Z/data/<config>/train-0000N-of-0000M.parquet  the build's shards, as built
    releases/X.Y.Z/croissant.json                              Croissant 1.0 metadata
    releases/X.Y.Z/manifest.json                               the build's manifest + `release`
    releases/X.Y.Z/CHANGELOG.md                                every release so far, newest first
    releases/X.Y.Z/build-report.json                           every raw file's outcome
    releases/X.Y.Z/SHA256SUMS                                  every other file (`corpus verify`)

The version is checked against the latest release in the releases folder before anything is
written: it must be the next major, minor or patch version, and at least the bump the schema
change requires (`corpus.diff.required_bump`: removed or retyped field → major, added field or
config → minor, data only → patch). The folder is assembled beside its target and renamed into
place, so a failed release leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus import diff as diffs
from corpus.card import YEARS_PLOT, compute_stats, plot_years, release_card
from corpus.croissant import write_croissant
from corpus.model import CONFIGS, SCHEMA_VERSION
from corpus.writer import MANIFEST, _fsync_tree, schema_record, write_sums

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
CHANGELOG = "CHANGELOG.md"


class ReleaseError(Exception):
    """The release cannot be made from this input (missing, unverifiable...)."""


class VersionRefused(ReleaseError):
    """The version is not an allowed next version after the previous release."""


def parse_version(version: str) -> tuple[int, int, int]:
    match = _SEMVER.match(version)
    if match is None:
        raise ReleaseError(f"version {version!r} is not MAJOR.MINOR.PATCH (e.g. 1.0.0)")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def releases_in(folder: Path) -> list[str]:
    """The versions released in `folder` (sub-folders named X.Y.Z holding a manifest), oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir()
             if p.is_dir() and _SEMVER.match(p.name) and (p / MANIFEST).is_file()]
    return sorted(found, key=parse_version)


def bump_of(previous: str, version: str) -> str | None:
    """'major', 'minor' or 'patch' when `version` is exactly the next such version after
    `previous`; None when it is not a next version at all (equal, older, or skipping numbers)."""
    (a, b, c), new = parse_version(previous), parse_version(version)
    return {(a + 1, 0, 0): "major", (a, b + 1, 0): "minor", (a, b, c + 1): "patch"}.get(new)


def check_version(version: str, previous: str | None, changes: dict) -> str:
    """The bump `version` makes after `previous`; VersionRefused when it is not allowed."""
    parse_version(version)
    if previous is None:
        return "initial"
    required = diffs.required_bump(changes)
    bump = bump_of(previous, version)
    a, b, c = parse_version(previous)
    allowed = {"patch": f"{a}.{b}.{c + 1}", "minor": f"{a}.{b + 1}.0", "major": f"{a + 1}.0.0"}
    if bump is None:
        raise VersionRefused(
            f"version {version} does not follow the latest release {previous}: the next versions "
            f"are {allowed['patch']} (patch), {allowed['minor']} (minor) and {allowed['major']} (major)")
    if diffs.BUMPS.index(bump) < diffs.BUMPS.index(required):
        listed = "; ".join(_describe(changes))
        ok = " or ".join(allowed[b] for b in diffs.BUMPS[diffs.BUMPS.index(required):])
        raise VersionRefused(
            f"version {version} is a {bump} release, but the schema changed since {previous} "
            f"({listed}), which requires a {required} release: use {ok}")
    return bump


def _describe(changes: dict) -> list[str]:
    return ([f"config {c} added" for c in changes["configs_added"]]
            + [f"config {c} removed" for c in changes["configs_removed"]]
            + [f"{f} added" for f in changes["added"]][:5]
            + [f"{f} removed" for f in changes["removed"]][:5]
            + [f"{f} retyped" for f in changes["retyped"]][:5])


@dataclass
class ReleaseResult:
    version: str
    path: Path
    previous: str | None
    bump: str
    counts: dict[str, int]
    stats: dict
    size_bytes: int
    seconds: float
    diff: dict | None = None
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            (f"release {self.version} ({self.bump}{f' after {self.previous}' if self.previous else ''}) "
             f"in {self.path}/"),
            (f"  {self.stats['documents']:,} documents, {self.stats['words']:,} words, "
             f"{self.stats['authors']:,} authors; rows: "
             + ", ".join(f"{c} {n:,}" for c, n in self.counts.items())),
            f"  {self.size_bytes / 1e6:,.1f} MB in {len(self.files)} files, {self.seconds:.1f} s",
        ]
        if self.diff is not None:
            counts = diffs.summary_counts(self.diff)
            lines.append(f"  vs {self.previous}: {counts['added']} added, {counts['removed']} removed, "
                         f"{counts['changed']} changed")
        return "\n".join(lines)


def release(version: str, *, dataset: Path | None = None, raw: Path | None = None,
            releases: Path = Path("releases"), workers: int | None = None,
            progress: bool = False, card_source: Path | None = None) -> ReleaseResult:
    """Make release `version` from a built folder (`dataset`) or by building `raw` first."""
    started = time.perf_counter()
    parse_version(version)
    if (dataset is None) == (raw is None):
        raise ReleaseError("give exactly one of a built dataset folder or a raw folder")
    releases = Path(releases)
    target = releases / version
    if target.exists():
        raise VersionRefused(f"release {version} already exists in {target}")
    existing = releases_in(releases)
    later = [v for v in existing if parse_version(v) >= parse_version(version)]
    previous_candidates = [v for v in existing if parse_version(v) < parse_version(version)]
    if later:
        raise VersionRefused(f"version {version} is not after the latest release {existing[-1]}")
    previous = previous_candidates[-1] if previous_candidates else None

    if dataset is not None:
        dataset = Path(dataset)
        if not (dataset / MANIFEST).is_file():
            raise ReleaseError(f"{dataset} is not a built dataset folder (no {MANIFEST}; run `corpus build`)")
        new_schema = diffs.folder_schema(dataset)
    else:
        if not Path(raw).is_dir():
            raise ReleaseError(f"raw folder {raw} does not exist")
        new_schema = schema_record()  # what the build is about to write
    changes = diffs.schema_changes(diffs.folder_schema(releases / previous), new_schema) if previous else None
    bump = check_version(version, previous, changes or {})

    releases.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{version}.", dir=releases) as work:
        work = Path(work)
        if raw is not None:
            from corpus.build import build

            dataset = work / "build"
            build(Path(raw), dataset, workers=workers, progress=progress)
        from corpus.verify import verify

        problems = verify(dataset)
        if problems:
            raise ReleaseError(f"{dataset} does not verify ({len(problems)} problems, first: "
                               f"{problems[0]}); rebuild it with `corpus build`")
        staging = work / version
        result = _assemble(staging, dataset, version, previous, bump, releases, card_source)
        _fsync_tree(staging)
        staging.rename(target)
    result.path = target
    result.seconds = time.perf_counter() - started
    return result


def release_date() -> str:
    """Today (UTC), or the day of $SOURCE_DATE_EPOCH for a reproducible release."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def _assemble(staging: Path, dataset: Path, version: str, previous: str | None, bump: str,
              releases: Path, card_source: Path | None) -> ReleaseResult:
    staging.mkdir()
    shutil.copytree(dataset / "data", staging / "data")
    if (dataset / "build-report.json").is_file():
        shutil.copy2(dataset / "build-report.json", staging / "build-report.json")
    shutil.copy2(dataset / MANIFEST, staging / MANIFEST)  # for the diff below; rewritten after it
    manifest = json.loads((dataset / MANIFEST).read_text(encoding="utf-8"))
    counts = {config: manifest["counts"].get(config, 0) for config in CONFIGS}
    stats = compute_stats(staging)
    plot_years(stats, staging / YEARS_PLOT)
    shards = {config: len(manifest["shards"].get(config, [])) for config in CONFIGS}
    size = sum(p.stat().st_size for p in (staging / "data").rglob("*.parquet"))
    prose = None
    if card_source is not None:
        from corpus.card import card_prose

        prose = card_prose(card_source)
    (staging / "README.md").write_text(
        release_card(version, counts, stats, shards=shards, size_bytes=size,
                     parser_version=manifest.get("parser_version", "?"), previous=previous, prose=prose),
        encoding="utf-8")
    date = release_date()
    write_croissant(staging, version, date_published=date, description=(
        f"Works from the Marxists Internet Archive parsed into validated records, release {version}: "
        f"{stats['documents']} documents, {stats['words']} words, {stats['authors']} authors. "
        "Configs: " + ", ".join(CONFIGS) + ". Licenses differ per record (field license)."))
    result_diff = diffs.diff(releases / previous, staging) if previous else None
    manifest["release"] = {
        "version": version,
        "date": date,
        "previous": previous,
        "bump": bump,
        "schema_version": manifest.get("schema_version", SCHEMA_VERSION),
        "statistics": {k: stats[k] for k in ("documents", "words", "characters", "authors", "undated")},
    }
    if result_diff is not None:
        manifest["release"]["changes"] = {**diffs.summary_counts(result_diff),
                                          "schema": result_diff["schema"]}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    earlier = (releases / previous / CHANGELOG) if previous else None
    (staging / CHANGELOG).write_text(
        changelog(version, previous, bump, counts, manifest, result_diff, earlier), encoding="utf-8")
    write_sums(staging)
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    total = sum((staging / f).stat().st_size for f in files)
    return ReleaseResult(version, staging, previous, bump, counts, stats, total, 0.0, result_diff, files)


def changelog(version: str, previous: str | None, bump: str, counts: dict[str, int], manifest: dict,
              result_diff: dict | None, earlier: Path | None) -> str:
    """CHANGELOG.md: this release's entry on top of the previous release's entries."""
    lines = [f"## {version} ({manifest.get('release', {}).get('date', '')})", ""]
    lines.append(f"- {bump} release" + (f" after {previous}" if previous else "") +
                 f"; schema {manifest.get('schema_version')}, parser {manifest.get('parser_version')}, "
                 f"input fingerprint `{manifest.get('inputs', {}).get('fingerprint', '?')[:16]}`")
    lines.append("- rows: " + ", ".join(f"{c} {n:,}" for c, n in counts.items()))
    if result_diff is not None:
        docs = result_diff["documents"]
        lines.append(f"- documents: {len(docs['added'])} added, {len(docs['removed'])} removed, "
                     f"{len(docs['changed'])} changed ({len(docs['text_changed'])} in their text, "
                     f"{len(docs['metadata_changed'])} in metadata only)")
        schema = result_diff["schema"]
        entries = _describe(schema)
        lines.append("- schema: " + ("no changes" if not entries else "; ".join(entries)))
        for kind in ("added", "removed"):
            ids = docs[kind]
            if ids:
                shown = ", ".join(f"`{i}`" for i in ids[:10])
                lines.append(f"  - {kind}: {shown}" + (f" and {len(ids) - 10} more" if len(ids) > 10 else ""))
    else:
        lines.append("- first release")
    entry = "\n".join(lines) + "\n"
    before = ""
    if earlier is not None and earlier.is_file():
        before = re.sub(r"\A# Changelog\n+", "", earlier.read_text(encoding="utf-8"))
    return "# Changelog\n\n" + entry + ("\n" + before if before else "")
