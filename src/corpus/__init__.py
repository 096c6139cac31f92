"""corpus: a validated, versioned dataset from the Marxists Internet Archive."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

__version__ = "0.1.0"
__all__ = ["__version__", "filter_expression", "load", "resolve", "to_pandas"]

DEFAULT_DATASET = Path("out")
DEFAULT_RELEASES = Path("releases")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def resolve(path_or_version: str | Path | None = None, releases: str | Path = DEFAULT_RELEASES) -> Path:
    """The folder to open: a path as given; a version "1.0.0" → releases/1.0.0; "latest" → the
    newest release; None → ./out when it exists, else the newest release."""
    releases = Path(releases)
    if path_or_version is not None and Path(path_or_version).is_dir():
        return Path(path_or_version)
    if path_or_version is None and DEFAULT_DATASET.is_dir():
        return DEFAULT_DATASET
    if path_or_version is None or str(path_or_version) == "latest":
        from corpus.release import releases_in

        versions = releases_in(releases)
        if not versions:
            raise FileNotFoundError(f"no ./{DEFAULT_DATASET} and no release in {releases}/ "
                                    "(run `corpus build` or `corpus release`)")
        return releases / versions[-1]
    if _VERSION.match(str(path_or_version)):
        folder = releases / str(path_or_version)
        if not folder.is_dir():
            raise FileNotFoundError(f"no release {path_or_version} in {releases}/")
        return folder
    raise FileNotFoundError(f"{path_or_version} is neither a dataset folder nor a release version")


def _document_filter(author, years, license_kind, language):
    """The filters as a pyarrow Expression over the `documents` columns, or None."""
    import pyarrow.dataset as ds

    terms = []
    if author is not None:
        names = [author] if isinstance(author, str) else list(author)
        terms.append(ds.field("author").isin(names))
    if years is not None:
        start, end = years
        if start is not None:
            terms.append(ds.field("date", "start") >= dt.date(int(start), 1, 1))
        if end is not None:
            terms.append(ds.field("date", "start") <= dt.date(int(end), 12, 31))
    if license_kind is not None:
        kinds = [license_kind] if isinstance(license_kind, str) else list(license_kind)
        terms.append(ds.field("license", "kind").isin(kinds))
    if language is not None:
        languages = [language] if isinstance(language, str) else list(language)
        terms.append(ds.field("language").isin(languages))
    if not terms:
        return None
    expression = terms[0]
    for term in terms[1:]:
        expression = expression & term
    return expression


# The columns each filter reads, per config that has them itself; other configs are filtered
# through their documents (`document_id` in the ids of the matching documents).
_OWN = {"documents": {"author", "years", "license_kind", "language"},
        "sections": {"author"}}


def filter_expression(folder: Path, config: str = "documents", *, author=None, years=None,
                      license_kind=None, language=None):
    """A pyarrow Expression selecting the rows of `config` whose document matches the filters
    (None when no filter is given). `years=(start, end)` keeps documents whose `date.start`
    falls in those years, inclusive (undated documents are left out); either end may be None.
    Every filter also takes a list of values."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    given = {k for k, v in (("author", author), ("years", years), ("license_kind", license_kind),
                            ("language", language)) if v is not None}
    if not given:
        return None
    if given <= _OWN.get(config, set()):
        if config == "sections":  # a section's own date is not its document's: only author here
            return ds.field("author").isin([author] if isinstance(author, str) else list(author))
        return _document_filter(author, years, license_kind, language)
    documents = pq.read_table(Path(folder) / "data" / "documents", columns=["id"],
                              filters=_document_filter(author, years, license_kind, language))
    import pyarrow as pa

    return ds.field("document_id").isin(pa.array(documents.column("id").to_pylist(), pa.string()))


# Configs up to this many bytes of uncompressed Arrow data (as the Parquet footers state it) load
# into memory by default, like `read_table`; larger ones go to `datasets`' memory-mapped Arrow
# cache, which writes the whole config to disk once before the first load can return.
IN_MEMORY_MAX_BYTES = 1 << 30


def load(path_or_version: str | Path | None = None, config: str = "documents", streaming: bool = False,
         *, author=None, years: tuple[int | None, int | None] | None = None, license_kind=None,
         language=None, keep_in_memory: bool | None = None, releases: str | Path = DEFAULT_RELEASES):
    """Open a built folder or a release as a `datasets.Dataset` (or `IterableDataset` when
    streaming), keeping only the rows that match the filters; they are pushed down to the
    Parquet reader (row groups whose statistics exclude them are not read).

    `path_or_version`: a folder, a release version ("1.0.0" → `releases/1.0.0`), "latest", or None
    (./out, else the latest release).
    `keep_in_memory`: True reads the rows into memory (no cache files); False goes through
    `datasets.load_dataset` and its memory-mapped Arrow cache; None (default) keeps a config in
    memory when it is at most `IN_MEMORY_MAX_BYTES` uncompressed. Both give the same rows,
    features and order."""
    from datasets import load_dataset

    folder = resolve(path_or_version, releases)
    if not (folder / "README.md").exists():
        raise FileNotFoundError(f"{folder} is not a built dataset folder (run `corpus build`)")
    expression = filter_expression(folder, config, author=author, years=years,
                                   license_kind=license_kind, language=language)
    if not streaming and (keep_in_memory if keep_in_memory is not None
                          else _uncompressed_bytes(folder, config) <= IN_MEMORY_MAX_BYTES):
        return _in_memory(folder, config, expression)
    extra = {} if expression is None else {"filters": expression}
    if expression is not None and not streaming and _count(folder, config, expression) == 0:
        # `datasets` refuses a split with no rows ("corresponds to no data"): an empty filter
        # result is still a Dataset, with the config's features.
        from datasets import Dataset

        from corpus.writer import schema_with_features

        return Dataset(schema_with_features(config).empty_table())
    if streaming:
        return load_dataset(str(folder), config, split="train", streaming=True, **extra)
    # `datasets` keys its Arrow cache of a local folder by the folder's name and features, not
    # its contents: two builds both called "out" would share (and return) one cache. Key it by
    # the build's checksums instead (the filters are part of the config's own cache key).
    return load_dataset(str(folder), config, split="train", cache_dir=str(_cache_dir(folder)), **extra)


def _in_memory(folder: Path, config: str, expression):
    """The config's matching rows as an in-memory `datasets.Dataset`: features from the shards'
    own schema metadata (as `load_dataset` reads them), split "train", and a fingerprint from the
    build's checksums, config and filters, so `datasets` can reuse the results of `.map`."""
    import hashlib

    import pyarrow.parquet as pq
    from datasets import Dataset, DatasetInfo, NamedSplit

    table = pq.read_table(folder / "data" / config, filters=expression)
    sums = folder / "SHA256SUMS"
    key = hashlib.sha256(sums.read_bytes() if sums.exists() else str(folder.resolve()).encode())
    key.update(f"\0{config}\0{expression}".encode())
    return Dataset(table, info=DatasetInfo(config_name=config), split=NamedSplit("train"),
                   fingerprint=key.hexdigest()[:16])


def _uncompressed_bytes(folder: Path, config: str) -> int:
    """The config's size as Arrow data, summed from the row groups in the Parquet footers."""
    import pyarrow.parquet as pq

    total = 0
    for shard in sorted((folder / "data" / config).glob("*.parquet")):
        meta = pq.read_metadata(shard)
        total += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return total


def _count(folder: Path, config: str, expression) -> int:
    import pyarrow.dataset as ds

    return ds.dataset(Path(folder) / "data" / config, format="parquet").count_rows(filter=expression)


def _cache_dir(folder: Path) -> Path:
    import hashlib

    import datasets

    sums = folder / "SHA256SUMS"
    digest = hashlib.sha256(sums.read_bytes() if sums.exists() else str(folder.resolve()).encode())
    return Path(datasets.config.HF_DATASETS_CACHE) / "corpus" / digest.hexdigest()[:16]


def to_pandas(path_or_version: str | Path | None = None, config: str = "documents", *, author=None,
              years: tuple[int | None, int | None] | None = None, license_kind=None, language=None,
              releases: str | Path = DEFAULT_RELEASES):
    """The config as a pandas DataFrame, read straight from the Parquet shards with the same
    filters as `load`, pushed down to the reader."""
    import pyarrow.parquet as pq

    folder = resolve(path_or_version, releases)
    expression = filter_expression(folder, config, author=author, years=years,
                                   license_kind=license_kind, language=language)
    return pq.read_table(folder / "data" / config, filters=expression).to_pandas()
