"""The build report: every raw file's outcome, counted, so nothing is lost silently."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.paragraphs import Paragraphs


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
    paragraphs: Paragraphs | None = None  # the row's text as paragraphs (corpus.paragraphs)
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_strings: int = 0  # date statements the page makes (Written/Delivered values, title date)
    unparsed_dates: list[str] = field(default_factory=list)  # ... that no date could be read from


@dataclass
class BuildReport:
    raw_files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    field_coverage: dict[str, int] = field(default_factory=dict)
    unresolved_places: Counter = field(default_factory=Counter)
    license_kinds: Counter = field(default_factory=Counter)
    unchanged: bool = False  # an incremental build found nothing to do and left the output as it was
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def restore(self, outcomes: list[Outcome], previous_report: Path) -> None:
        """Nothing changed since the last build: its outcomes and coverage stand."""
        self.outcomes = outcomes
        if previous_report.exists():
            saved = json.loads(previous_report.read_text(encoding="utf-8"))
            self.field_coverage = saved.get("field_coverage", {})
            self.license_kinds = Counter(saved.get("license_kinds", {}))
            self.unresolved_places = Counter(saved.get("unresolved_places", {}))

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

    def date_statements(self) -> dict:
        """How many date strings the documents state, and how many of them could not be read."""
        documents = [o for o in self.outcomes if o.kind in (OutcomeKind.record, OutcomeKind.excluded)]
        stated = sum(o.date_strings for o in documents)
        unparsed = [(o.path, raw) for o in documents for raw in o.unparsed_dates]
        return {
            "stated": stated,
            "unparsed": len(unparsed),
            "unparsed_share": round(len(unparsed) / stated, 4) if stated else 0.0,
            "unparsed_examples": [f"{path}: {raw}" for path, raw in unparsed[:30]],
            "documents_with_warnings": sum(1 for o in documents if o.warnings),
        }

    def to_dict(self) -> dict:
        return {
            "raw_files": self.raw_files,
            "counts": self.counts(),
            "adds_up": self.adds_up(),
            "skipped_by_reason": self.reasons(OutcomeKind.skipped),
            "excluded_by_reason": self.reasons(OutcomeKind.excluded),
            "rejected_by_reason": self.reasons(OutcomeKind.rejected),
            "field_coverage": self.field_coverage,
            "license_kinds": dict(sorted(self.license_kinds.items())),
            "date_statements": self.date_statements(),
            "unresolved_places": dict(self.unresolved_places.most_common(30)),
            "files": [
                {k: v for k, v in (("path", o.path), ("outcome", o.kind.value), ("reason", o.reason),
                                   ("detail", o.detail), ("warnings", o.warnings or None)) if v is not None}
                for o in self.outcomes
                if o.kind is not OutcomeKind.record or o.warnings
            ],
        }

    def write(self, path: Path) -> None:
        """`json.dumps(self.to_dict(), indent=2)` to `path`, written as it is encoded: the whole text
        at once took 30 MB at the end of a build of 66,000 files, the main process's peak."""
        with path.open("w", encoding="utf-8") as file:
            for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(self.to_dict()):
                file.write(chunk)
            file.write("\n")

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
            records = counts["record"] or 1
            lines.append("  published documents with: " + ", ".join(
                f"{name} {n} ({100 * n / records:.1f}%)" for name, n in self.field_coverage.items()))
            lines.append("  license kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(self.license_kinds.items())))
        dates = self.date_statements()
        if dates["stated"]:
            lines.append(f"  date strings: {dates['stated']} stated, {dates['unparsed']} unparsed "
                         f"({100 * dates['unparsed_share']:.2f}%); "
                         f"{dates['documents_with_warnings']} documents with date warnings")
        return "\n".join(lines)
