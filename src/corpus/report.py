"""The build report: every raw file's outcome, counted, so nothing is lost silently."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class OutcomeKind(StrEnum):
    record = "record"  # became a document
    skipped = "skipped"  # readable, but not a document (index, contents, moved...)
    excluded = "excluded"  # a document the license policy keeps out of the published dataset
    rejected = "rejected"  # could not become a record; the reason says why


@dataclass(slots=True)
class Outcome:
    """What happened to one raw file. `row` holds the document for records and exclusions."""

    path: str
    kind: OutcomeKind
    reason: str | None = None
    detail: str | None = None
    row: dict | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    raw_files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    field_coverage: dict[str, int] = field(default_factory=dict)
    unresolved_places: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def counts(self) -> dict[str, int]:
        counts = Counter(o.kind.value for o in self.outcomes)
        return {kind.value: counts.get(kind.value, 0) for kind in OutcomeKind}

    def reasons(self, kind: OutcomeKind) -> dict[str, int]:
        return dict(sorted(Counter(o.reason for o in self.outcomes if o.kind is kind).items()))

    def adds_up(self) -> bool:
        """One outcome per raw file: as many outcomes as files, and no file counted twice."""
        paths = {o.path for o in self.outcomes}
        return sum(self.counts().values()) == self.raw_files == len(paths)

    def fingerprint(self) -> str:
        """sha256 over the sorted (path, raw sha256) list: which bytes this build read.

        A file that could not be read (unreadable, too large) enters with an empty hash.
        """
        digest = hashlib.sha256()
        for path, sha256 in sorted((o.path, o.sha256 or "") for o in self.outcomes):
            digest.update(f"{path}\t{sha256}\n".encode())
        return digest.hexdigest()

    def to_dict(self) -> dict:
        return {
            "raw_files": self.raw_files,
            "counts": self.counts(),
            "adds_up": self.adds_up(),
            "skipped_by_reason": self.reasons(OutcomeKind.skipped),
            "excluded_by_reason": self.reasons(OutcomeKind.excluded),
            "rejected_by_reason": self.reasons(OutcomeKind.rejected),
            "field_coverage": self.field_coverage,
            "unresolved_places": dict(self.unresolved_places.most_common(30)),
            "files": [
                {k: v for k, v in (("path", o.path), ("outcome", o.kind.value), ("reason", o.reason),
                                   ("detail", o.detail), ("warnings", o.warnings or None)) if v is not None}
                for o in self.outcomes
                if o.kind is not OutcomeKind.record or o.warnings
            ],
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def summary(self) -> str:
        counts = self.counts()
        lines = [
            f"{self.raw_files} raw files: {counts['record']} records, {counts['skipped']} skipped, "
            f"{counts['excluded']} excluded by license policy, {counts['rejected']} rejected"
            + ("" if self.adds_up() else "  (COUNTS DO NOT ADD UP)"),
        ]
        for kind in (OutcomeKind.skipped, OutcomeKind.excluded, OutcomeKind.rejected):
            reasons = self.reasons(kind)
            if reasons:
                lines.append(f"  {kind.value}: " + ", ".join(f"{r} {n}" for r, n in reasons.items()))
        if self.field_coverage:
            records = counts["record"] + counts["excluded"] or 1
            lines.append("  documents with: " + ", ".join(
                f"{name} {n} ({100 * n / records:.1f}%)" for name, n in self.field_coverage.items()))
        return "\n".join(lines)
