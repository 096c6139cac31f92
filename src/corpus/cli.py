"""The `corpus` command line.

Exit codes:
  0  success
  1  the build finished but --strict was given and some raw files were rejected
  2  usage error (bad arguments, missing folder)
  3  `corpus schema --check` found schema/ out of date
  4  `corpus verify` found the folder differs from its SHA256SUMS / manifest / generated schema;
     `corpus release` was given a built folder that does not verify
  5  `corpus release` refused the version: not the next major/minor/patch after the latest
     release in --releases, smaller than the schema change requires (a removed or retyped
     field needs a major bump, an added field or config a minor one), or already released
  6  `corpus publish` could not upload (no network, no token, refused by the Hub)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 3
EXIT_VERIFY = 4
EXIT_VERSION = 5
EXIT_PUBLISH = 6
DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("out")


def _cmd_build(args: argparse.Namespace) -> int:
    from corpus.build import build
    from corpus.policy import LicensePolicy

    if not args.raw.is_dir():
        print(f"corpus build: raw folder {args.raw} does not exist", file=sys.stderr)
        return EXIT_USAGE
    report = build(args.raw, args.out, workers=args.workers, policy=LicensePolicy(args.license_policy),
                   progress=not args.quiet, incremental=not args.full)
    if not args.quiet:
        print(report.summary())
        if report.unchanged:
            print(f"nothing changed since the last build: {args.out}/ left as it was ({report.seconds:.1f} s)")
        else:
            print(f"wrote {args.out}/ in {report.seconds:.1f} s")
    rejected = report.counts()["rejected"]
    if rejected:
        for outcome in report.outcomes:
            if outcome.kind.value == "rejected" and not args.quiet:
                print(f"  rejected {outcome.reason}: {outcome.detail}", file=sys.stderr)
    return EXIT_REJECTS if args.strict and rejected else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from corpus.schema import drifted_artifacts, write_artifacts

    if args.check:
        drift = drifted_artifacts(args.dir)
        if drift:
            print(f"schema/ is out of date: {', '.join(drift)}; run `corpus schema`", file=sys.stderr)
            return EXIT_DRIFT
        print("schema/ is up to date")
        return EXIT_OK
    for path in write_artifacts(args.dir):
        print(f"wrote {path}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from corpus.verify import verify

    if not args.folder.is_dir():
        print(f"corpus verify: folder {args.folder} does not exist", file=sys.stderr)
        return EXIT_USAGE
    problems = verify(args.folder)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    if problems:
        print(f"{args.folder}: verification FAILED ({len(problems)} problems)", file=sys.stderr)
        return EXIT_VERIFY
    print(f"{args.folder}: ok (SHA256SUMS, schemas and row counts match)")
    return EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    from corpus.release import ReleaseError, VersionRefused, release

    dataset = args.dataset
    if dataset is None and args.raw is None:
        dataset = DEFAULT_OUT
    try:
        result = release(args.version, dataset=dataset, raw=args.raw, releases=args.releases,
                         workers=args.workers, progress=not args.quiet)
    except VersionRefused as err:
        print(f"corpus release: refused: {err}", file=sys.stderr)
        return EXIT_VERSION
    except ReleaseError as err:
        print(f"corpus release: {err}", file=sys.stderr)
        return EXIT_VERIFY if "does not verify" in str(err) else EXIT_USAGE
    if not args.quiet:
        print(result.summary())
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    import json

    from corpus.diff import diff, format_diff

    for folder in (args.old, args.new):
        if not (folder / "data" / "documents").is_dir():
            print(f"corpus diff: {folder} is not a built or released folder", file=sys.stderr)
            return EXIT_USAGE
    result = diff(args.old, args.new)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_diff(result, limit=args.limit))
    return EXIT_OK


def _cmd_publish(args: argparse.Namespace) -> int:
    from corpus.publish import PublishError, publish

    if not args.release.is_dir():
        print(f"corpus publish: folder {args.release} does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        plan = publish(args.release, args.repo_id, dry_run=args.dry_run, private=args.private)
    except PublishError as err:
        print(f"corpus publish: {err}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - network, authentication, the Hub's refusal
        print(f"corpus publish: upload failed: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_PUBLISH
    if args.dry_run:
        print(plan.describe())
    else:
        print(f"published {plan.release}/ to https://huggingface.co/datasets/{plan.repo_id}, "
              f"tag {plan.version} ({len(plan.files)} files, {plan.total_bytes / 1e6:,.1f} MB)")
    return EXIT_OK


def _cmd_render(args: argparse.Namespace) -> int:
    from corpus.render import render_file

    sys.stdout.write(render_file(args.page))
    return EXIT_OK


def _cmd_fetch(args: argparse.Namespace) -> int:
    from corpus.fetch import BadTarget, fetch

    if args.delay < 0 or args.timeout <= 0 or (args.max_pages is not None and args.max_pages < 1):
        print("corpus fetch: --delay must be >= 0, --timeout and --max-pages > 0", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = fetch(args.raw, args.target, base_url=args.base_url, delay=args.delay,
                       timeout=args.timeout, refresh=args.refresh, max_pages=args.max_pages,
                       progress=not args.quiet)
    except BadTarget as err:
        print(f"corpus fetch: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(report.summary())
        if not report.resumed and not report.requests:
            print("nothing to do: this crawl is complete (--refresh re-checks every page)")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="corpus",
        description="Build a validated dataset from Marxists Internet Archive transcriptions.",
        epilog="Exit codes: 0 ok, 1 rejects under --strict, 2 usage error, 3 schema drift, "
        "4 verification failed, 5 release version refused, 6 publish failed.",
    )
    sub = top.add_subparsers(dest="command", required=True)

    build = sub.add_parser(
        "build",
        help="build the dataset folder from raw/",
        description="Read every file under --raw (plain-text transcriptions and MIA HTML pages), "
        "interpret and validate each, and write Parquet shards plus a dataset card to --out. "
        "Every raw file ends as a record, a skipped non-document, a license exclusion or a "
        "reject; build-report.json in --out lists them.",
        epilog="Exit codes: 0 ok (rejects are reported), 1 some file rejected and --strict given, "
        "2 usage error.",
    )
    build.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw folder (default: raw/)")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: out/)")
    build.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    build.add_argument(
        "--license-policy",
        choices=["default", "strict", "all"],
        default="default",
        help="default: exclude explicitly non-redistributable texts; strict: only redistributable "
        "ones; all: everything",
    )
    build.add_argument("--strict", action="store_true", help="exit 1 if any raw file is rejected")
    build.add_argument("--full", action="store_true",
                       help="parse every file again (default: reuse the last build's outcome for files whose "
                            "bytes and parser are unchanged, and leave --out alone if nothing changed)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    build.set_defaults(func=_cmd_build)

    schema = sub.add_parser("schema", help="write (or --check) the generated schema files in schema/")
    schema.add_argument("--dir", type=Path, default=Path("schema"))
    schema.add_argument("--check", action="store_true", help="exit 3 if schema/ differs from the model")
    schema.set_defaults(func=_cmd_schema)

    verify = sub.add_parser(
        "verify",
        help="check a built folder against its SHA256SUMS, manifest and the generated schema",
        description="Check that every file matches SHA256SUMS (and no data file is unlisted), that "
        "every shard of a config has exactly the generated Arrow schema, and that row counts "
        "match manifest.json.",
        epilog="Exit codes: 0 ok, 2 no such folder, 4 verification failed.",
    )
    verify.add_argument("folder", type=Path, nargs="?", default=DEFAULT_OUT,
                        help="built folder (default: out/)")
    verify.set_defaults(func=_cmd_verify)

    rel = sub.add_parser(
        "release",
        help="make a versioned release folder (card, Croissant, changelog, checksums)",
        description="Make releases/VERSION/ from a built folder (--dataset, default out/) or by "
        "building --raw first: the Parquet shards of every config, README.md (the dataset card "
        "with statistics and a documents-per-year plot), croissant.json, manifest.json, "
        "CHANGELOG.md and SHA256SUMS. VERSION must be the next major, minor or patch version "
        "after the latest release in --releases, and at least what the schema change requires: "
        "a removed or retyped field needs a major bump, an added field or config a minor one, "
        "data-only changes a patch.",
        epilog="Exit codes: 0 ok, 2 usage error, 4 the built folder does not verify, "
        "5 version refused (wrong bump, not after the latest release, or already released).",
    )
    rel.add_argument("--version", required=True, help="MAJOR.MINOR.PATCH, e.g. 1.0.0")
    source = rel.add_mutually_exclusive_group()
    source.add_argument("--dataset", type=Path, default=None, help="built folder (default: out/)")
    source.add_argument("--raw", type=Path, default=None, help="build this raw folder first")
    rel.add_argument("--releases", type=Path, default=Path("releases"),
                     help="folder of releases (default: releases/)")
    rel.add_argument("--workers", type=int, default=None, help="worker processes for --raw")
    rel.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    rel.set_defaults(func=_cmd_release)

    dif = sub.add_parser(
        "diff",
        help="documents added, removed, changed and schema changes between two folders",
        description="Compare two release or built folders: documents added, removed and changed "
        "(by id; changed in their text hash or in other fields), row counts per config, and "
        "schema changes (field paths and Arrow types) with the version bump they require.",
        epilog="Exit codes: 0 ok (differences are not an error), 2 usage error.",
    )
    dif.add_argument("old", type=Path)
    dif.add_argument("new", type=Path)
    dif.add_argument("--json", action="store_true", help="machine-readable output")
    dif.add_argument("--limit", type=int, default=20, help="ids listed per kind (default 20)")
    dif.set_defaults(func=_cmd_diff)

    pub = sub.add_parser(
        "publish",
        help="push a release folder to a Hugging Face Hub dataset repo, tagged with its version",
        description="Upload RELEASE (a folder made by `corpus release`) to the dataset repository "
        "--repo-id in one commit (creating the repository if needed, replacing the previous "
        "release's data/ and images/), then tag it with the release's version. Authentication is "
        "huggingface_hub's (HF_TOKEN or `hf auth login`). --dry-run lists the files, their sizes "
        "and the tag without any network call.",
        epilog="Exit codes: 0 ok, 2 usage error (not a release, checksums differ, bad repo id), "
        "6 upload failed.",
    )
    pub.add_argument("release", type=Path)
    pub.add_argument("--repo-id", required=True, help="org/name on the Hugging Face Hub")
    pub.add_argument("--dry-run", action="store_true", help="list what would be uploaded; no network")
    pub.add_argument("--private", action="store_true", help="create the repository private")
    pub.set_defaults(func=_cmd_publish)

    render = sub.add_parser("render", help="print an HTML page as a plain-text transcription (seed form)")
    render.add_argument("page", type=Path)
    render.set_defaults(func=_cmd_render)
    fetch = sub.add_parser(
        "fetch",
        help="grow raw/ from marxists.org: crawl an author's pages (polite, resumable)",
        description="Crawl an author's works index (TARGET 'trotsky' means <base-url>/archive/trotsky/"
        "index.htm; a /path or a URL prefix works too) and, breadth-first, every .htm/.html page it "
        "links on the same host under the same prefix. Pages are saved byte-exact under --raw at "
        "their URL path; sidecars (url, fetched_at, status, etag, last_modified, sha256, bytes) and "
        "the crawl state go to <raw>/.fetch/, which the build ignores. robots.txt is honoured; "
        "requests are spaced by --delay and retried with backoff on 5xx and timeouts. An "
        "interrupted crawl resumes where it stopped; --refresh re-checks every page with "
        "conditional requests (a 304 keeps the page on disk).",
        epilog="Exit codes: 0 done (pages that failed are counted in the summary), 2 usage error.",
    )
    fetch.add_argument("target", metavar="URL-PREFIX-OR-AUTHOR")
    fetch.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw folder (default: raw/)")
    fetch.add_argument("--base-url", default="https://www.marxists.org",
                       help="site of an author name or /path (default: https://www.marxists.org)")
    fetch.add_argument("--delay", type=float, default=1.0,
                       help="seconds between requests (default: 1.0; robots.txt Crawl-delay if longer)")
    fetch.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a response")
    fetch.add_argument("--max-pages", type=int, default=None,
                       help="stop after this many pages (run again to continue)")
    fetch.add_argument("--refresh", action="store_true",
                       help="start the crawl over, re-checking finished pages (conditional requests)")
    fetch.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    fetch.set_defaults(func=_cmd_fetch)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
