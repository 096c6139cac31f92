"""The `corpus` command line.

Exit codes:
  0  success
  1  the build finished but --strict was given and some raw files were rejected
  2  usage error (bad arguments, missing folder)
  3  `corpus schema --check` found schema/ out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 3
DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("out")


def _cmd_build(args: argparse.Namespace) -> int:
    from corpus.build import build
    from corpus.policy import LicensePolicy

    if not args.raw.is_dir():
        print(f"corpus build: raw folder {args.raw} does not exist", file=sys.stderr)
        return EXIT_USAGE
    report = build(args.raw, args.out, workers=args.workers, policy=LicensePolicy(args.license_policy),
                   progress=not args.quiet)
    if not args.quiet:
        print(report.summary())
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


def _cmd_render(args: argparse.Namespace) -> int:
    from corpus.render import render_file

    sys.stdout.write(render_file(args.page))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="corpus",
        description="Build a validated dataset from Marxists Internet Archive transcriptions.",
        epilog="Exit codes: 0 ok, 1 rejects under --strict, 2 usage error, 3 schema drift.",
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
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    build.set_defaults(func=_cmd_build)

    schema = sub.add_parser("schema", help="write (or --check) the generated schema files in schema/")
    schema.add_argument("--dir", type=Path, default=Path("schema"))
    schema.add_argument("--check", action="store_true", help="exit 3 if schema/ differs from the model")
    schema.set_defaults(func=_cmd_schema)

    render = sub.add_parser("render", help="print an HTML page as a plain-text transcription (seed form)")
    render.add_argument("page", type=Path)
    render.set_defaults(func=_cmd_render)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
