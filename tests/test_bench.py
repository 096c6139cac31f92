"""Smoke test of scripts/bench.py: a tiny run writes its figures (no trafilatura needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


def test_bench_smoke(mia_dir: Path, tmp_path: Path) -> None:
    result = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--pages-from", str(mia_dir), "--limit", "30",
         "--skip-trafilatura", "--json", str(result)],
        check=False, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(result.read_text(encoding="utf-8"))
    assert figures["pages"] == 30
    assert figures["megabytes"] > 0
    assert figures["trafilatura"] is None
    for phase in ("floor", "build", "noop_rebuild"):
        for key in ("seconds", "pages_per_s", "mb_per_s", "peak_rss_mb"):
            assert figures[phase][key] > 0, (phase, key)
    for phase in ("load", "read_table"):
        assert figures[phase]["seconds"] > 0, phase
        assert figures[phase]["rows"] > 0, phase
    assert figures["load"]["rows"] == figures["read_table"]["rows"]
    for key in ("build_over_floor", "noop_over_full", "load_over_read_table"):
        assert figures["ratios"][key] > 0, key
    assert set(figures["targets"]) >= {"trafilatura_over_build", "build_over_floor", "noop_over_full",
                                       "replicate_rss_ratio", "load_over_read_table"}
