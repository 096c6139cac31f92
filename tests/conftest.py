"""Shared fixtures: where the shared development material (../shared) lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Tests never touch the network, and never write into the user's Hugging Face cache.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("HF_DATASETS_CACHE", os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                        f"corpus-test-hf-cache-{os.getpid()}"))
# Nor into the user's cache folder: the unpacked language model (corpus.language) goes here. It is
# named by the packed model's digest, so runs can share it.
os.environ.setdefault("CORPUS_CACHE", os.path.join(os.environ.get("TMPDIR", "/tmp"), "corpus-test-cache"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder beside the checkout (``../shared``), or ``$CORPUS_SHARED``.

    Missing: the test is skipped, except under CI (``CI=true``) where it fails.
    """
    env = os.environ.get("CORPUS_SHARED")
    path = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"
    path = path.resolve()
    if not path.is_dir():
        msg = f"shared folder not found at {path} (set CORPUS_SHARED to its location)"
        if _in_ci():
            pytest.fail(msg + "; it is required under CI")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def mia_dir(shared_dir: Path) -> Path:
    """The MIA sample pages (``<shared>/mia``); skipped when absent, a failure under CI."""
    path = shared_dir / "mia"
    if not path.is_dir():
        msg = f"MIA sample pages not found at {path} (set CORPUS_SHARED to the shared folder)"
        if _in_ci():
            pytest.fail(msg + "; they are required under CI")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The dataset built from the repository's raw/ (the seed), once per test session."""
    from corpus.build import build

    out = tmp_path_factory.mktemp("seed") / "out"
    build(REPO / "raw", out, workers=1, progress=False)
    return out
