#!/usr/bin/env python3
"""Benchmark the build against its floor and against trafilatura (GitHub issue #7).

In one run, over the same pages (default: every HTML page under ../shared/mia beside the checkout,
or $CORPUS_SHARED/mia; sorted by path),
it times each phase in a fresh subprocess, so phases do not share memory or warm imports:

  floor         read + decode (corpus.readers.decode.decode_html) + lxml.html parse, one process
  trafilatura   trafilatura.bare_extraction(bytes, with_metadata=True), one process (exceptions
                are caught and counted); --skip-trafilatura leaves it out
  build         corpus.build.build(raw, out, workers=W, progress=False), end to end
                (discover → read → records → validate → Parquet → atomic swap)
  noop          the same build again, same raw into the same out
  load          corpus.load(out) (config "documents", offline): the default (in memory for a
                config this size), then keep_in_memory=False through load_dataset's Arrow cache,
                cold (fresh HF_DATASETS_CACHE) and warm, against
                pyarrow.parquet.read_table(out/data/documents)
  replicate     with --replicate N: the sample N times under copy0/ … copyN-1/ (symlinked files,
                so ids differ; the bytes are equal, so copies 1…N-1 end as duplicate_content
                rejects: they are read, parsed and interpreted, but not written), or with
                --replicate-distinct real copies with a marker comment appended, so every copy
                becomes a record and the written dataset grows N times

Memory: each phase reports the kernel's peak RSS of its main process (getrusage RUSAGE_SELF) and
of its largest worker (RUSAGE_CHILDREN, after the pool is reaped); with psutil installed the parent
also samples the whole process tree every 50 ms and reports the peak of the summed RSS (this
counts pages that forked workers share with the main process once per process).

    .venv/bin/python scripts/bench.py                      # all pages, all cores
    .venv/bin/python scripts/bench.py --quick              # the first 500 pages
    .venv/bin/python scripts/bench.py --limit 1000 --replicate 8 --skip-trafilatura --json b.json

Requires `pip install -e '.[bench]'` (trafilatura, psutil); both are optional.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PAGES = Path(os.environ.get("CORPUS_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "mia"
HTML_SUFFIXES = {".htm", ".html", ".xhtml", ".shtml"}
QUICK_LIMIT = 500
REPEAT = 3  # corpus.load and read_table are short: the best of 3 (each load with a fresh cache)
SAMPLE_INTERVAL = 0.05  # seconds between samples of the process tree's RSS

# The issue's targets: (figure, comparison, threshold, description).
TARGETS = [
    ("trafilatura_over_build", ">=", 20.0, "full build ≥ 20× trafilatura throughput"),
    ("build_over_floor", "<=", 3.0, "full build within 3× of the decode+parse floor"),
    ("noop_over_full", "<=", 0.10, "no-op rebuild ≤ 10% of a full build"),
    ("replicate_rss_ratio", "<=", 1.3, "peak RSS at 8× ≤ 1.3× of 1×"),
    ("load_over_read_table", "<=", 2.0, "corpus.load within 2× of pyarrow read_table"),
]


# ----------------------------------------------------------------------------------------------
# Child side: one phase, in its own process. Writes its figures as JSON to --result.


def _read_list(path: str) -> list[str]:
    return Path(path).read_text(encoding="utf-8").splitlines()


def _maxrss_mb() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of its largest reaped child (Linux: ru_maxrss in KiB)."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own, children


def phase_floor(args) -> dict:
    import re

    import lxml.etree
    import lxml.html

    from corpus.readers.decode import DecodeError, decode_html

    xml_decl = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)  # as corpus.readers.html strips it
    root = Path(args.pages_from)
    rels = _read_list(args.page_list)
    errors = 0
    read_s = 0.0
    started = time.perf_counter()
    for rel in rels:
        t = time.perf_counter()
        data = (root / rel).read_bytes()
        read_s += time.perf_counter() - t
        try:
            text = xml_decl.sub("", decode_html(data).text, count=1)
            if text.strip():
                lxml.html.document_fromstring(text)
        except (DecodeError, lxml.etree.ParserError, ValueError):
            errors += 1
    return {"seconds": time.perf_counter() - started, "read_seconds": read_s, "errors": errors}


def phase_trafilatura(args) -> dict:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # per-page warnings are not figures
    root = Path(args.pages_from)
    rels = _read_list(args.page_list)
    exceptions = empty = 0
    started = time.perf_counter()
    for rel in rels:
        data = (root / rel).read_bytes()
        try:
            result = trafilatura.bare_extraction(data, with_metadata=True)
        except Exception:  # noqa: BLE001 - counted, as the issue asks
            exceptions += 1
            continue
        if result is None:
            empty += 1
    return {"seconds": time.perf_counter() - started, "exceptions": exceptions, "empty": empty,
            "version": trafilatura.__version__}


def phase_build(args) -> dict:
    from corpus.build import build

    started = time.perf_counter()
    report = build(Path(args.raw), Path(args.out), workers=args.workers, progress=False)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "raw_files": report.raw_files, "outcomes": report.counts()}


def phase_load(args) -> dict:
    # Before datasets is imported: a fresh cache, no network.
    os.environ["HF_DATASETS_CACHE"] = args.hf_cache
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    t = time.perf_counter()
    import datasets

    import corpus

    datasets.disable_progress_bars()
    import_s = time.perf_counter() - t
    # The default load (configs up to corpus.IN_MEMORY_MAX_BYTES are read into memory), and the
    # memory-mapped path through load_dataset's Arrow cache: cold (fresh cache) then warm.
    times: dict[str, list[float]] = {"default": [], "default_warm": [], "cached_cold": [], "cached_warm": []}
    for i in range(REPEAT):
        datasets.config.HF_DATASETS_CACHE = Path(args.hf_cache) / str(i)
        t = time.perf_counter()
        default = corpus.load(args.out)
        times["default"].append(time.perf_counter() - t)
        t = time.perf_counter()
        corpus.load(args.out)
        times["default_warm"].append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = len(corpus.load(args.out, keep_in_memory=False))
        times["cached_cold"].append(time.perf_counter() - t)
        t = time.perf_counter()
        corpus.load(args.out, keep_in_memory=False)
        times["cached_warm"].append(time.perf_counter() - t)
    best = {k: min(v) for k, v in times.items()}
    return {"seconds": best["default"], "warm_seconds": best["default_warm"],
            "cached_cold_seconds": best["cached_cold"], "cached_warm_seconds": best["cached_warm"],
            "in_memory": not default.cache_files, "import_seconds": import_s, "rows": rows}


def phase_read_table(args) -> dict:
    t = time.perf_counter()
    import pyarrow.dataset  # noqa: F401 - read_table of a folder goes through it: not timed below
    import pyarrow.parquet as pq

    import_s = time.perf_counter() - t
    folder = Path(args.out) / "data" / "documents"
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        rows = pq.read_table(folder).num_rows
        times.append(time.perf_counter() - t)
    return {"seconds": min(times), "first_seconds": times[0], "import_seconds": import_s, "rows": rows}


PHASES = {"floor": phase_floor, "trafilatura": phase_trafilatura, "build": phase_build,
          "load": phase_load, "read_table": phase_read_table}


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its reaped children (the build's workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def run_child(args) -> int:
    cpu = _cpu_seconds()
    figures = PHASES[args.phase](args)
    figures["cpu_seconds"] = round(_cpu_seconds() - cpu, 3)
    own, children = _maxrss_mb()
    figures["main_peak_rss_mb"] = round(own, 1)
    figures["workers_peak_rss_mb"] = round(children, 1) if children else None
    Path(args.result).write_text(json.dumps(figures), encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------------------------
# Parent side: select pages, lay out raw folders, run phases, report.


def select_pages(pages_from: Path, limit: int | None) -> list[str]:
    """HTML pages under `pages_from`, as '/'-separated relative paths, sorted; the first `limit`."""
    rels = []
    for folder, dirs, files in os.walk(pages_from, followlinks=False):
        dirs.sort()
        for name in files:
            if Path(name).suffix.lower() in HTML_SUFFIXES:
                rels.append((Path(folder) / name).relative_to(pages_from).as_posix())
    rels.sort()
    return rels[:limit] if limit else rels


def lay_out_raw(raw: Path, pages_from: Path, rels: list[str], copies: int = 1,
                distinct: bool = False) -> None:
    """A raw folder holding the sample `copies` times (under copyK/ when more than once).

    Files are symlinked (the build follows symlinked files, not folders). With `distinct`, copies
    after the first are real files with a marker comment appended, so their bytes differ too.
    """
    for k in range(copies):
        base = raw / f"copy{k}" if copies > 1 else raw
        for rel in rels:
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            source = (pages_from / rel).resolve()
            if distinct and k:
                target.write_bytes(source.read_bytes() + f"\n<!-- bench copy {k} -->\n".encode())
            else:
                target.symlink_to(source)


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_phase(name: str, tmp: Path, child_args: list[str]) -> dict:
    """Run one phase in a fresh interpreter; its figures plus wall time and sampled tree RSS."""
    result = tmp / f"result-{name}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--result", str(result),
           *child_args]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    peak = 0
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            proc = psutil.Process(child.pid)
            while child.poll() is None:
                peak = max(peak, _tree_rss(proc))
                time.sleep(SAMPLE_INTERVAL)
        except psutil.NoSuchProcess:
            pass
    code = child.wait()
    wall = time.perf_counter() - started
    if code != 0 or not result.exists():
        raise SystemExit(f"bench: phase {name} failed (exit {code}): {' '.join(cmd)}")
    figures = json.loads(result.read_text(encoding="utf-8"))
    figures["process_seconds"] = round(wall, 3)
    figures["tree_peak_rss_mb"] = round(peak / 2**20, 1) if peak else None
    peaks = [v for v in (figures["main_peak_rss_mb"], figures["workers_peak_rss_mb"]) if v]
    figures["peak_rss_mb"] = max(peaks)
    figures["loadavg_1min_before"] = round(load_before, 2)
    return figures


def _rates(figures: dict, pages: int, nbytes: int) -> dict:
    s = figures["seconds"]
    figures["pages_per_s"] = round(pages / s, 1)
    figures["mb_per_s"] = round(nbytes / 1e6 / s, 2)
    figures["seconds"] = round(s, 3)
    return figures


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages-from", type=Path, default=DEFAULT_PAGES,
                        help=f"folder of HTML pages (default: {DEFAULT_PAGES})")
    parser.add_argument("--limit", type=int, help="take only the first N pages in sorted path order")
    parser.add_argument("--quick", action="store_true", help=f"same as --limit {QUICK_LIMIT}")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="build workers (default: all cores, %(default)s here)")
    parser.add_argument("--skip-trafilatura", action="store_true", help="leave out the trafilatura phase")
    parser.add_argument("--replicate", type=int, metavar="N",
                        help="also build the sample N times over (distinct ids) and compare peak RSS")
    parser.add_argument("--replicate-distinct", action="store_true",
                        help="replicate with real copies whose bytes differ, so no copy is a duplicate")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    # Internal: run one phase in this process (the parent starts these).
    for flag in ("--phase", "--result", "--page-list", "--raw", "--out", "--hf-cache"):
        parser.add_argument(flag, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick and not args.limit:
        args.limit = QUICK_LIMIT
    if args.phase and args.phase not in PHASES:
        parser.error(f"unknown phase {args.phase}")
    if args.replicate is not None and args.replicate < 2:
        parser.error("--replicate needs N ≥ 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_child(args)

    pages_from = args.pages_from.resolve()
    if not pages_from.is_dir():
        print(f"bench: no pages at {pages_from} (use --pages-from)", file=sys.stderr)
        return 2
    if not args.skip_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("bench: trafilatura is not installed: `pip install -e '.[bench]'` "
                  "(or `pip install trafilatura`), or pass --skip-trafilatura", file=sys.stderr)
            return 2
    try:
        import psutil  # noqa: F401
        have_psutil = True
    except ImportError:
        have_psutil = False
        print("bench: psutil not installed: the summed RSS of the process tree is not sampled "
              "(per-process peaks from getrusage are still reported)", file=sys.stderr)

    rels = select_pages(pages_from, args.limit)
    if not rels:
        print(f"bench: no HTML pages under {pages_from}", file=sys.stderr)
        return 2
    nbytes = sum((pages_from / rel).stat().st_size for rel in rels)
    pages = len(rels)
    tmp = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        results = bench(args, tmp, pages_from, rels, pages, nbytes, have_psutil)
    finally:
        if args.keep:
            print(f"bench: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def bench(args, tmp: Path, pages_from: Path, rels: list[str], pages: int, nbytes: int,
          have_psutil: bool) -> dict:
    page_list = tmp / "pages.txt"
    page_list.write_text("\n".join(rels) + "\n", encoding="utf-8")
    raw, out = tmp / "raw", tmp / "out"
    lay_out_raw(raw, pages_from, rels)
    common = ["--pages-from", str(pages_from), "--page-list", str(page_list)]
    build_args = ["--raw", str(raw), "--out", str(out), "--workers", str(args.workers)]

    def say(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    results: dict = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "psutil": have_psutil},
        "command": " ".join(["scripts/bench.py", *(sys.argv[1:] if sys.argv else [])]),
        "pages_from": str(pages_from), "pages": pages, "megabytes": round(nbytes / 1e6, 2),
        "workers": args.workers,
        "compiled": _compiled_modules(),
    }
    say(f"{pages} pages, {nbytes / 1e6:.1f} MB, {args.workers} workers")
    say("floor: decode + lxml parse")
    results["floor"] = _rates(run_phase("floor", tmp, common), pages, nbytes)
    if args.skip_trafilatura:
        results["trafilatura"] = None
    else:
        say("trafilatura.bare_extraction (single process; the slow one)")
        results["trafilatura"] = _rates(run_phase("trafilatura", tmp, common), pages, nbytes)
    say("full build")
    results["build"] = _rates(run_phase("build", tmp, build_args), pages, nbytes)
    say("no-op rebuild (same raw, same out)")
    results["noop_rebuild"] = _rates(run_phase("build", tmp, build_args), pages, nbytes)
    say("corpus.load vs pyarrow read_table")
    results["load"] = run_phase("load", tmp, ["--out", str(out), "--hf-cache", str(tmp / "hf-cache")])
    results["read_table"] = run_phase("read_table", tmp, ["--out", str(out)])

    build_s = results["build"]["seconds"]
    traf = results["trafilatura"]
    ratios = {
        "build_over_floor": _ratio(build_s, results["floor"]["seconds"]),
        "trafilatura_over_build": _ratio(traf["seconds"], build_s) if traf else None,
        "build_over_floor_cpu": _ratio(results["build"]["cpu_seconds"], results["floor"]["cpu_seconds"]),
        "trafilatura_over_build_cpu": (_ratio(traf["cpu_seconds"], results["build"]["cpu_seconds"])
                                       if traf else None),
        "noop_over_full": _ratio(results["noop_rebuild"]["seconds"], build_s),
        "load_over_read_table": _ratio(results["load"]["seconds"], results["read_table"]["seconds"]),
        "load_warm_over_read_table": _ratio(results["load"]["warm_seconds"],
                                            results["read_table"]["seconds"]),
        "load_cached_cold_over_read_table": _ratio(results["load"]["cached_cold_seconds"],
                                                   results["read_table"]["seconds"]),
        "load_cached_warm_over_read_table": _ratio(results["load"]["cached_warm_seconds"],
                                                   results["read_table"]["seconds"]),
        "replicate_rss_ratio": None,
    }

    if args.replicate:
        n = args.replicate
        rep_raw, rep_out = tmp / "raw-replicated", tmp / "out-replicated"
        say(f"replicate ×{n}: laying out {n * pages} files")
        lay_out_raw(rep_raw, pages_from, rels, copies=n, distinct=args.replicate_distinct)
        say(f"replicate ×{n}: build")
        rep = _rates(run_phase("build", tmp, ["--raw", str(rep_raw), "--out", str(rep_out),
                                              "--workers", str(args.workers)]), n * pages, n * nbytes)
        rep["copies"] = n
        rep["distinct_bytes"] = args.replicate_distinct
        one = results["build"]
        rep["rss_ratio_tree"] = _ratio(rep["tree_peak_rss_mb"], one["tree_peak_rss_mb"])
        rep["rss_ratio_main"] = _ratio(rep["main_peak_rss_mb"], one["main_peak_rss_mb"])
        rep["rss_ratio_max_process"] = _ratio(rep["peak_rss_mb"], one["peak_rss_mb"])
        rep["throughput_ratio"] = _ratio(rep["pages_per_s"], one["pages_per_s"])
        results["replicate"] = rep
        ratios["replicate_rss_ratio"] = rep["rss_ratio_tree"] or rep["rss_ratio_max_process"]
        shutil.rmtree(rep_raw, ignore_errors=True)
        shutil.rmtree(rep_out, ignore_errors=True)
    else:
        results["replicate"] = None

    results["ratios"] = ratios
    results["targets"] = {}
    for key, op, threshold, text in TARGETS:
        value = ratios[key]
        met = None if value is None else (value >= threshold if op == ">=" else value <= threshold)
        results["targets"][key] = {"value": value, "target": f"{op} {threshold:g}", "met": met,
                                   "description": text}
    return results


def _compiled_modules() -> dict[str, bool]:
    """Whether the build uses the compiled HTML walk and word counter (setup.py), or their
    Python fallbacks: a build without them is slower, and the figures should say so."""
    from corpus import words
    from corpus.readers import html

    return {"walk": html.COMPILED_WALK, "words": words.COMPILED}


def _fmt(value, spec: str = ".1f", none: str = "—") -> str:
    return none if value is None else format(value, spec)


def print_table(r: dict) -> None:
    compiled = r.get("compiled") or {}
    title = (f"{r['pages']} pages, {r['megabytes']:.1f} MB, {r['machine']['cpus']} cores, "
             f"{r['workers']} build workers, compiled modules: "
             + (", ".join(f"{name} {'yes' if built else 'NO'}" for name, built in compiled.items()) or "?"))
    lines = [title, ""]
    head = f"{'phase':<30}{'seconds':>9}{'CPU s':>9}{'pages/s':>10}{'MB/s':>8}{'peak RSS MB':>13}{'tree RSS MB':>13}"
    lines += [head, "-" * len(head)]
    rows = [("floor (decode+parse, 1 proc)", r["floor"]),
            ("trafilatura (1 proc)", r["trafilatura"]),
            (f"build ({r['workers']} workers)", r["build"]),
            ("no-op rebuild", r["noop_rebuild"])]
    if r["replicate"]:
        rows.append((f"build ×{r['replicate']['copies']}", r["replicate"]))
    for label, f in rows:
        if f is None:
            lines.append(f"{label:<30}{'skipped':>9}")
            continue
        lines.append(f"{label:<30}{f['seconds']:>9.2f}{f['cpu_seconds']:>9.1f}{f['pages_per_s']:>10.1f}{f['mb_per_s']:>8.2f}"
                     f"{_fmt(f['peak_rss_mb']):>13}{_fmt(f['tree_peak_rss_mb']):>13}")
    for label, f in (("corpus.load (default)", r["load"]), ("pyarrow read_table", r["read_table"])):
        lines.append(f"{label:<30}{f['seconds']:>9.3f}{f['cpu_seconds']:>9.1f}{'':>18}{_fmt(f['peak_rss_mb']):>13}"
                     f"{_fmt(f['tree_peak_rss_mb']):>13}")
    lines += ["", f"{'ratio':<48}{'value':>8}  {'target':<8}  met"]
    for t in r["targets"].values():
        met = {True: "yes", False: "NO", None: "—"}[t["met"]]
        lines.append(f"{t['description']:<48}{_fmt(t['value'], '.3f'):>8}  {t['target']:<8}  {met}")
    if r["replicate"]:
        rep = r["replicate"]
        lines.append(f"replicate ×{rep['copies']}: RSS ratio tree {_fmt(rep['rss_ratio_tree'], '.2f')}, "
                     f"main process {_fmt(rep['rss_ratio_main'], '.2f')}, largest process "
                     f"{_fmt(rep['rss_ratio_max_process'], '.2f')}; throughput ratio "
                     f"{_fmt(rep['throughput_ratio'], '.2f')}")
    if r["trafilatura"]:
        t = r["trafilatura"]
        lines.append(f"trafilatura {t['version']}: {t['exceptions']} exceptions, {t['empty']} empty results")
    ratios = r["ratios"]
    lines.append(f"by CPU time (less sensitive to other load): build/floor "
                 f"{_fmt(ratios['build_over_floor_cpu'], '.2f')}, trafilatura/build "
                 f"{_fmt(ratios['trafilatura_over_build_cpu'], '.2f')}")
    load = r["load"]
    lines.append(f"corpus.load default ({'in memory' if load['in_memory'] else 'Arrow cache'}): "
                 f"again {load['warm_seconds']:.3f} s (ratio {_fmt(ratios['load_warm_over_read_table'], '.2f')}); "
                 f"keep_in_memory=False, fresh cache {load['cached_cold_seconds']:.3f} s "
                 f"(ratio {_fmt(ratios['load_cached_cold_over_read_table'], '.2f')}), warm cache "
                 f"{load['cached_warm_seconds']:.3f} s (ratio {_fmt(ratios['load_cached_warm_over_read_table'], '.2f')})")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
