"""corpus: a validated, versioned dataset from the Marxists Internet Archive."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"
__all__ = ["load", "to_pandas", "__version__"]

DEFAULT_DATASET = Path("out")


def load(path: str | Path | None = None, config: str = "documents", streaming: bool = False):
    """Open a built dataset folder (default: ./out) as a `datasets.Dataset` (or `IterableDataset`)."""
    from datasets import load_dataset

    folder = Path(path) if path is not None else DEFAULT_DATASET
    if not (folder / "README.md").exists():
        raise FileNotFoundError(f"{folder} is not a built dataset folder (run `corpus build`)")
    if streaming:
        return load_dataset(str(folder), config, split="train", streaming=True)
    # `datasets` keys its Arrow cache of a local folder by the folder's name and features, not
    # its contents: two builds both called "out" would share (and return) one cache. Key it by
    # the build's checksums instead.
    return load_dataset(str(folder), config, split="train", cache_dir=str(_cache_dir(folder)))


def _cache_dir(folder: Path) -> Path:
    import hashlib

    import datasets

    sums = folder / "SHA256SUMS"
    digest = hashlib.sha256(sums.read_bytes() if sums.exists() else str(folder.resolve()).encode())
    return Path(datasets.config.HF_DATASETS_CACHE) / "corpus" / digest.hexdigest()[:16]


def to_pandas(path: str | Path | None = None, config: str = "documents"):
    """The config as a pandas DataFrame, read straight from the Parquet shards."""
    import pyarrow.parquet as pq

    folder = Path(path) if path is not None else DEFAULT_DATASET
    return pq.read_table(folder / "data" / config).to_pandas()
