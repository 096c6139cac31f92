"""The dataset card (README.md) of a built folder and of a release.

Its YAML front matter is what lets `datasets.load_dataset(folder)` open the folder
with no code: `configs:` points each config at its shards, `dataset_info` carries the
features generated from the model, so dates stay date32 and structs stay structs.

A release's card (`release_card`) adds the prose of DATASET_CARD.md and statistics computed
from the shards (`compute_stats`), with a documents-per-year plot saved beside it
(`plot_years`) and linked relatively, so the card reads the same on disk and on the Hub.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from corpus.model import CONFIGS, SCHEMA_VERSION
from corpus.schema import hf_features_yaml

DEFAULT_CONFIG = "documents"
PRETTY_NAME = "Marxists Internet Archive corpus"
CARD_SOURCE = Path(__file__).resolve().parents[2] / "DATASET_CARD.md"
"""The card's prose, kept at the repository root (read from a source checkout)."""
YEARS_PLOT = "images/documents-per-year.png"

_CONFIG_ABOUT = {
    "documents": "one row per document: text, metadata, license, provenance",
    "sections": "one row per dated section of a document (letters in a collection, a postscript)",
    "paragraphs": "one row per paragraph of a document's text, for retrieval and training",
}


def card_metadata(counts: dict[str, int], stats: dict | None = None) -> dict:
    """The card's YAML front matter; with `stats` (a release) it also declares languages,
    size category and the row count of each config's split."""
    metadata = {
        "pretty_name": PRETTY_NAME,
        "language": sorted(stats["languages"]) if stats and stats["languages"] else ["en"],
        "license": "other",
        "license_name": "per-record",
        "configs": [
            {
                "config_name": config,
                **({"default": True} if config == DEFAULT_CONFIG else {}),
                "data_files": [{"split": "train", "path": f"data/{config}/*.parquet"}],
            }
            for config in CONFIGS
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": hf_features_yaml(config),
            }
            for config in CONFIGS
        ],
    }
    if stats is not None:
        metadata["size_categories"] = [_size_category(stats["documents"])]
        metadata["task_categories"] = ["text-generation", "text-retrieval"]
        metadata["tags"] = ["history", "politics", "marxism", "parquet"]
    return metadata


def _size_category(n: int) -> str:
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
              (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")]
    return next((label for bound, label in bounds if n < bound), "10M<n<100M")


def dataset_card(counts: dict[str, int]) -> str:
    front = yaml.safe_dump(card_metadata(counts), sort_keys=False, allow_unicode=True)
    rows = "\n".join(f"| `{config}` | {counts.get(config, 0)} |" for config in CONFIGS)
    return f"""---
{front}---

# Marxists Internet Archive corpus

Texts from the Marxists Internet Archive (www.marxists.org), parsed into validated records
(schema version {SCHEMA_VERSION}) by the `corpus` package. Each record carries its own license
statement: check `license.kind` and `license.redistributable` before redistributing a text.

| config | rows |
| --- | --- |
{rows}

```python
from datasets import load_dataset
documents = load_dataset("path/to/this/folder")                 # config "documents"
sections = load_dataset("path/to/this/folder", "sections")      # one row per dated section
paragraphs = load_dataset("path/to/this/folder", "paragraphs")  # one row per paragraph
```

`build-report.json` lists what happened to every raw file (records, skipped pages,
license exclusions, rejects with their reasons).
"""


# --- statistics --------------------------------------------------------------------------


def compute_stats(folder: Path) -> dict:
    """Figures of a built folder, read from its `documents` shards (only the columns needed)."""
    import pyarrow.parquet as pq

    table = pq.read_table(Path(folder) / "data" / "documents",
                          columns=["author", "language", "n_words", "n_chars", "date", "place", "license"])
    authors = Counter(table.column("author").to_pylist())
    languages = Counter(table.column("language").to_pylist())
    years: Counter = Counter()
    undated = 0
    starts = []
    for date in table.column("date").to_pylist():
        if date is None:
            undated += 1
        else:
            years[date["start"].year] += 1
            starts.append((date["start"], date["end"]))
    places: Counter = Counter()
    for place in table.column("place").to_pylist():
        if place is not None:
            places[place["name"] or place["raw"]] += 1
    licenses: Counter = Counter()
    redistributable: Counter = Counter()
    for lic in table.column("license").to_pylist():
        key = (lic["kind"], lic["spdx"] or "—")
        licenses[key] += 1
        redistributable[key] += int(lic["redistributable"])
    return {
        "documents": table.num_rows,
        "words": sum(table.column("n_words").to_pylist()),
        "characters": sum(table.column("n_chars").to_pylist()),
        "authors": len(authors),
        "top_authors": authors.most_common(15),
        "languages": dict(languages.most_common()),
        "years": dict(sorted(years.items())),
        "undated": undated,
        "first_date": min(s for s, _ in starts).isoformat() if starts else None,
        "last_date": max(e for _, e in starts).isoformat() if starts else None,
        "places": len(places),
        "top_places": places.most_common(15),
        "licenses": [(kind, spdx, n, redistributable[(kind, spdx)])
                     for (kind, spdx), n in sorted(licenses.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def plot_years(stats: dict, path: Path) -> Path:
    """A bar chart of documents per year (of `date.start`), as PNG; deterministic bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = stats["years"]
    fig, ax = plt.subplots(figsize=(9, 3.2), dpi=100)
    if years:
        ax.bar(list(years), list(years.values()), width=0.85, color="#b22222")
    ax.set_xlabel("year (date.start)")
    ax.set_ylabel("documents")
    ax.set_title(f"Documents per year ({stats['documents'] - stats['undated']:,} dated, "
                 f"{stats['undated']:,} undated)")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)
    return path


# --- the release card --------------------------------------------------------------------


def card_prose(source: Path | None = None) -> str:
    """DATASET_CARD.md without its own title, headings demoted under the release card's."""
    source = source or CARD_SOURCE
    if not source.is_file():
        return ""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"\A# .*\n+", "", text)  # the release card has its own title
    return text.strip() + "\n"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def release_card(version: str, counts: dict[str, int], stats: dict, *, shards: dict[str, int],
                 size_bytes: int, parser_version: str, previous: str | None,
                 prose: str | None = None) -> str:
    """The README.md of release `version`: front matter, figures, usage, the card's prose."""
    front = yaml.safe_dump(card_metadata(counts, stats), sort_keys=False, allow_unicode=True)
    prose = card_prose() if prose is None else prose
    dated = stats["documents"] - stats["undated"]
    span = (f"{stats['first_date']} to {stats['last_date']}" if stats["first_date"] else "none dated")
    glance = _table(["", ""], [
        ["documents", f"{stats['documents']:,}"],
        ["words", f"{stats['words']:,}"],
        ["authors", f"{stats['authors']:,}"],
        ["languages", ", ".join(f"`{k}` {v:,}" for k, v in stats["languages"].items()) or "—"],
        ["dated documents", f"{dated:,} ({span})"],
        ["sections / paragraphs", f"{counts.get('sections', 0):,} / {counts.get('paragraphs', 0):,}"],
        ["release size", f"{size_bytes / 1e6:,.1f} MB of Parquet"],
        ["schema / parser", f"{SCHEMA_VERSION} / {parser_version}"],
    ])
    configs = _table(["config", "rows", "shards", "what a row is"], [
        [f"`{c}`" + (" (default)" if c == DEFAULT_CONFIG else ""), f"{counts.get(c, 0):,}",
         shards.get(c, 0), _CONFIG_ABOUT.get(c, "")] for c in CONFIGS])
    licenses = _table(["kind", "SPDX", "documents", "redistributable"],
                      [[f"`{k}`", f"`{s}`" if s != "—" else s, f"{n:,}", f"{r:,}"]
                       for k, s, n, r in stats["licenses"]])
    authors = _table(["author", "documents"], [[a, f"{n:,}"] for a, n in stats["top_authors"]])
    places = _table(["place", "documents"], [[p, f"{n:,}"] for p, n in stats["top_places"]])
    languages = _table(["language (ISO 639-1)", "documents"],
                       [[f"`{k}`", f"{v:,}"] for k, v in stats["languages"].items()])
    previous_line = (f"It follows release {previous}; see [CHANGELOG.md](CHANGELOG.md) for what changed."
                     if previous else "It is the first release; see [CHANGELOG.md](CHANGELOG.md).")
    return f"""---
{front}---

# {PRETTY_NAME} — release {version}

Works from the [Marxists Internet Archive](https://www.marxists.org) (MIA) — articles, chapters,
speeches, letters — parsed into validated records: body text, author, title, date (EDTF plus a
filterable day range), place, source credits and a license per record. This is release
**{version}**: {stats['documents']:,} documents, {stats['words']:,} words, {stats['authors']:,} authors.
{previous_line}

**Licenses differ per record.** Filter on `license.redistributable` (or `license.kind`) before
redistributing or training on a text; see [Licenses, per record](#licenses-per-record).

## At a glance

{glance}

{configs}

## Use

```python
from datasets import load_dataset
docs = load_dataset("path/to/{version}", split="train")                    # config "documents"
paras = load_dataset("path/to/{version}", "paragraphs", split="train")     # one row per paragraph
stream = load_dataset("path/to/{version}", "sections", split="train", streaming=True)

import corpus                                                            # filters pushed down to Parquet
ds = corpus.load("{version}", author="Leon Trotsky", years=(1930, 1940), license_kind="copyleft")
df = corpus.to_pandas("{version}", "paragraphs", language="en")
```

```python
import duckdb, polars as pl
duckdb.sql("SELECT author, count(*) FROM 'data/documents/*.parquet' GROUP BY author ORDER BY 2 DESC")
pl.scan_parquet("data/paragraphs/*.parquet").filter(pl.col("n_words") > 50).collect()
```

`croissant.json` describes every config in [Croissant](https://mlcommons.org/croissant/) 1.0
(`mlcroissant.Dataset("croissant.json")`).

## Statistics

![Documents per year]({YEARS_PLOT})

### Languages

{languages}

### Licenses

{licenses}

### Top authors

{authors}

### Top places ({stats['places']:,} distinct)

{places}

{prose}
## Files of this release

| file | what it holds |
| --- | --- |
| `data/<config>/train-0000N-of-0000M.parquet` | the rows, zstd-compressed, one explicit Arrow schema per config |
| `README.md` | this card; its YAML front matter declares the configs and features |
| `croissant.json` | Croissant 1.0 metadata: one FileSet and RecordSet per config |
| `manifest.json` | release, schema and parser versions, input fingerprint, schema record, shards, row counts |
| `CHANGELOG.md` | per release: counts, documents added / removed / changed, schema changes |
| `build-report.json` | what happened to every raw file of the build |
| `SHA256SUMS` | every other file's SHA-256 (`sha256sum -c SHA256SUMS`, or `corpus verify`) |

Releases follow semantic versioning over the schema: a removed or retyped field is a major
release, an added field or config a minor one, a data-only change a patch.
"""
