#!/usr/bin/env python3
"""Draw the 80-page hand-labelled dev set sample from the MIA manifest.

Usage: python scripts/sample_devset.py [manifest.tsv]
"""
import csv
import random
import sys

MANIFEST = "/work/shared/mia-manifest.tsv"
SEED = 20261127
N = 80


def main(argv):
    manifest = argv[1] if len(argv) > 1 else MANIFEST
    with open(manifest, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader)  # header
        paths = [row[0] for row in reader if row]
    sorted_paths = sorted(paths)
    for p in random.Random(SEED).sample(sorted_paths, N):
        print(p)


if __name__ == "__main__":
    main(sys.argv)
