"""`corpus release`, `corpus diff`, `corpus publish --dry-run`: folder, card, checksums, semver.

Releases are made from small raw folders assembled at test time: the seed transcription plus a
few dozen archive pages copied from the shared sample (never committed).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import REPO

from corpus.build import build
from corpus.cli import EXIT_OK, EXIT_USAGE, EXIT_VERSION, main
from corpus.model import CONFIGS
from corpus.paragraphs import paragraph_rows
from corpus.verify import verify
from corpus.writer import ShardWriter

MODIFIED = "archive/bax/1910/03/considerations.htm"


def archive_pages(mia_dir: Path, count: int) -> list[str]:
    """`count` archive pages spread over the sample (many authors), in a fixed order."""
    pages = sorted(p.relative_to(mia_dir).as_posix() for p in (mia_dir / "archive").rglob("*.htm"))
    return pages[:: max(1, len(pages) // count)][:count]


def make_raw(folder: Path, mia_dir: Path, pages: list[str]) -> Path:
    folder.mkdir(parents=True)
    for seed in sorted((REPO / "raw").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for rel in pages:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mia_dir / rel, folder / rel)
    return folder


@pytest.fixture(scope="module")
def raws(tmp_path_factory, mia_dir) -> dict[str, Path]:
    """Two raw folders: `old` (pages 0-19 + MODIFIED) and `new` (pages 5-29 + MODIFIED, edited)."""
    base = tmp_path_factory.mktemp("release-raw")
    pages = archive_pages(mia_dir, 30)
    old = make_raw(base / "old", mia_dir, pages[:20] + [MODIFIED])
    new = make_raw(base / "new", mia_dir, pages[5:] + [MODIFIED])
    page = new / MODIFIED
    html = page.read_text(encoding="latin-1")
    html = html.replace("Gospel narrative", "Gospel narratives, as told,", 1)
    page.write_text(html, encoding="latin-1")
    return {"old": old, "new": new}


@pytest.fixture(scope="module")
def builds(raws, tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("release-build")
    out = {}
    for name, raw in raws.items():
        out[name] = base / name
        build(raw, out[name], workers=1, progress=False)
    return out


@pytest.fixture(scope="module")
def releases(builds, raws, tmp_path_factory) -> Path:
    """releases/1.0.0 from the `old` build, releases/1.0.1 built from the `new` raw folder."""
    folder = tmp_path_factory.mktemp("releases")
    assert main(["release", "--version", "1.0.0", "--dataset", str(builds["old"]),
                 "--releases", str(folder), "-q"]) == EXIT_OK
    assert main(["release", "--version", "1.0.1", "--raw", str(raws["new"]), "--releases", str(folder),
                 "--workers", "1", "-q"]) == EXIT_OK
    return folder


def ids(folder: Path) -> set[str]:
    return set(pq.read_table(folder / "data" / "documents", columns=["id"]).column("id").to_pylist())


def test_release_folder_contents(releases):
    rel = releases / "1.0.0"
    names = {p.relative_to(rel).as_posix() for p in rel.rglob("*") if p.is_file()}
    assert {"README.md", "croissant.json", "manifest.json", "CHANGELOG.md", "SHA256SUMS",
            "build-report.json", "images/documents-per-year.png"} <= names
    for config in CONFIGS:
        shards = sorted(p.name for p in (rel / "data" / config).glob("*.parquet"))
        assert shards and all(re.fullmatch(r"train-\d{5}-of-\d{5}\.parquet", s) for s in shards)
        assert shards[-1].endswith(f"-of-{len(shards):05d}.parquet")
    manifest = json.loads((rel / "manifest.json").read_text())
    assert manifest["release"]["version"] == "1.0.0" and manifest["release"]["previous"] is None
    assert set(manifest["counts"]) == set(CONFIGS) and manifest["counts"]["paragraphs"] > 0
    assert len(manifest["inputs"]["fingerprint"]) == 64
    assert set(manifest["schema"]) == set(CONFIGS)
    assert not list(releases.glob(".*")), "no staging folder is left behind"


def test_sums_and_verify_pass_on_releases(releases, capsys):
    for version in ("1.0.0", "1.0.1"):
        rel = releases / version
        assert verify(rel) == []
        listed = {line.split("  ", 1)[1] for line in (rel / "SHA256SUMS").read_text().splitlines()}
        assert listed == {p.relative_to(rel).as_posix() for p in rel.rglob("*")
                          if p.is_file() and p.name != "SHA256SUMS"}
        assert main(["verify", str(rel)]) == EXIT_OK


def test_card_reads_well(releases):
    rel = releases / "1.0.1"
    card = (rel / "README.md").read_text()
    front, body = card.split("---\n", 2)[1:]
    meta = yaml.safe_load(front)
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    assert [c["config_name"] for c in meta["dataset_info"]] == list(CONFIGS)
    assert meta["language"] and meta["license"] == "other"
    manifest = json.loads((rel / "manifest.json").read_text())
    stats = manifest["release"]["statistics"]
    assert f"{stats['documents']:,} documents" in body and f"{stats['words']:,} words" in body
    assert body.lstrip().startswith("# Marxists Internet Archive corpus — release 1.0.1")
    # every image and local link is relative and exists in the release
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", body)
    assert images == ["images/documents-per-year.png"]
    for target in images + re.findall(r"\]\(([^)#:]+)\)", body):
        assert not target.startswith("/") and (rel / target).exists(), target
    assert (rel / images[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the prose of DATASET_CARD.md, without its own title; licenses and languages tabulated
    assert "## Content" in body and "# Dataset card" not in body
    assert "### Licenses" in body and "### Languages" in body and "### Top authors" in body
    assert "1.0.0" in body  # names the release it follows


def test_release_is_deterministic(builds, releases, tmp_path, monkeypatch):
    date = json.loads((releases / "1.0.0" / "manifest.json").read_text())["release"]["date"]
    epoch = int(datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))  # the same day as the first
    again = tmp_path / "rel"
    assert main(["release", "--version", "1.0.0", "--dataset", str(builds["old"]), "--releases",
                 str(again), "-q"]) == EXIT_OK
    assert (again / "1.0.0" / "SHA256SUMS").read_text() == (releases / "1.0.0" / "SHA256SUMS").read_text()


def test_diff_between_releases(releases, capsys):
    old, new = releases / "1.0.0", releases / "1.0.1"
    before, after = ids(old), ids(new)
    assert main(["diff", str(old), str(new), "--json"]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    docs = result["documents"]
    assert set(docs["added"]) == after - before and docs["added"]
    assert set(docs["removed"]) == before - after and docs["removed"]
    assert docs["changed"] == [MODIFIED]
    assert docs["unchanged"] == len(before & after) - 1
    assert result["required_bump"] == "patch" and result["schema"]["added"] == []
    assert result["old"]["version"] == "1.0.0" and result["new"]["version"] == "1.0.1"
    assert main(["diff", str(old), str(new)]) == EXIT_OK
    human = capsys.readouterr().out
    assert (f"documents: {len(after - before)} added, {len(before - after)} removed, 1 changed"
            in human)
    assert f"  ~ {MODIFIED}" in human and "schema: no changes" in human


def test_changelog_counts_changes(releases):
    log = (releases / "1.0.1" / "CHANGELOG.md").read_text()
    before, after = ids(releases / "1.0.0"), ids(releases / "1.0.1")
    assert re.match(r"# Changelog\n\n## 1\.0\.1 \(\d{4}-\d\d-\d\d\)\n", log)
    assert log.index("## 1.0.1") < log.index("## 1.0.0")  # newest first, earlier entries kept
    assert f"{len(after - before)} added, {len(before - after)} removed, 1 changed" in log
    assert "- schema: no changes" in log
    manifest = json.loads((releases / "1.0.1" / "manifest.json").read_text())
    assert manifest["release"]["previous"] == "1.0.0" and manifest["release"]["bump"] == "patch"
    assert manifest["release"]["changes"]["changed"] == 1


@pytest.fixture
def edited(releases, tmp_path) -> Path:
    """A private copy of the releases folder holding only 1.0.0, free to edit."""
    folder = tmp_path / "releases"
    folder.mkdir()
    shutil.copytree(releases / "1.0.0", folder / "1.0.0")
    return folder


def _edit_schema(release: Path, edit) -> None:
    manifest = json.loads((release / "manifest.json").read_text())
    edit(manifest["schema"])
    (release / "manifest.json").write_text(json.dumps(manifest))


def test_patch_bump_refused_when_a_field_was_added(edited, builds, capsys):
    # the previous release did not have `paragraphs.n_words`: the new schema adds a field
    _edit_schema(edited / "1.0.0", lambda s: s["paragraphs"].pop("n_words"))
    args = ["release", "--dataset", str(builds["new"]), "--releases", str(edited), "-q"]
    assert main([*args, "--version", "1.0.1"]) == EXIT_VERSION
    err = capsys.readouterr().err
    assert "refused" in err and "requires a minor release" in err and "paragraphs:n_words" in err
    assert "1.1.0" in err
    assert not (edited / "1.0.1").exists()
    assert main([*args, "--version", "1.1.0"]) == EXIT_OK
    assert "paragraphs:n_words" in (edited / "1.1.0" / "CHANGELOG.md").read_text()


def test_minor_bump_refused_when_a_field_was_retyped_or_removed(edited, builds, capsys):
    args = ["release", "--dataset", str(builds["new"]), "--releases", str(edited), "-q"]
    _edit_schema(edited / "1.0.0", lambda s: s["documents"].update({"n_words": "int64"}))
    assert main([*args, "--version", "1.1.0"]) == EXIT_VERSION
    assert "requires a major release" in capsys.readouterr().err
    _edit_schema(edited / "1.0.0", lambda s: s["documents"].update({"n_words": "int32", "extra": "string"}))
    assert main([*args, "--version", "1.0.1"]) == EXIT_VERSION  # `documents:extra` was removed
    assert "documents:extra" in capsys.readouterr().err
    assert main([*args, "--version", "2.0.0"]) == EXIT_OK


def test_versions_that_do_not_follow_are_refused(edited, builds, capsys):
    args = ["release", "--dataset", str(builds["new"]), "--releases", str(edited), "-q"]
    for version in ("1.0.0", "0.9.0", "1.0.2", "1.2.0", "3.0.0"):
        assert main([*args, "--version", version]) == EXIT_VERSION, version
    assert main([*args, "--version", "v1"]) == EXIT_USAGE
    capsys.readouterr()


def test_release_refuses_a_folder_that_does_not_verify(builds, tmp_path, capsys):
    broken = Path(shutil.copytree(builds["old"], tmp_path / "out"))
    (broken / "build-report.json").write_text("{}")
    assert main(["release", "--version", "1.0.0", "--dataset", str(broken), "--releases",
                 str(tmp_path / "rel"), "-q"]) == 4
    assert "does not verify" in capsys.readouterr().err
    assert not (tmp_path / "rel" / "1.0.0").exists()


def test_publish_dry_run_lists_files_and_tag_without_network(releases, builds, monkeypatch, capsys):
    import huggingface_hub

    def no_network(*args, **kwargs):
        raise AssertionError("the dry run must not touch the Hub")

    monkeypatch.setattr(huggingface_hub, "HfApi", no_network)
    rel = releases / "1.0.1"
    assert main(["publish", str(rel), "--repo-id", "org/mia-corpus", "--dry-run"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "tag it 1.0.1" in out and "huggingface.co/datasets/org/mia-corpus" in out
    for name in ("README.md", "croissant.json", "SHA256SUMS", "images/documents-per-year.png"):
        assert re.search(rf"^\s+[\d,]+\s+{re.escape(name)}$", out, re.MULTILINE), name
    size = (rel / "README.md").stat().st_size
    assert f"{size:,}  README.md" in out
    assert main(["publish", str(builds["old"]), "--repo-id", "org/x", "--dry-run"]) == EXIT_USAGE
    assert main(["publish", str(rel), "--repo-id", "no-slash", "--dry-run"]) == EXIT_USAGE


def test_corpus_load_by_version(releases):
    import corpus

    assert corpus.resolve("1.0.0", releases=releases) == releases / "1.0.0"
    assert corpus.resolve("latest", releases=releases) == releases / "1.0.1"
    ds = corpus.load("1.0.1", "paragraphs", releases=releases)
    assert ds.num_rows == json.loads((releases / "1.0.1" / "manifest.json").read_text())["counts"]["paragraphs"]
    with pytest.raises(FileNotFoundError):
        corpus.load("9.9.9", releases=releases)


def test_paragraph_rows_split_text_and_find_sections():
    text = "One two.\n\nThree.\n\nFour five six.\n\nSeven."
    document = {"id": "d", "text": text,
                "sections": [{"text": "Three.\n\nFour five six."}, {"text": "Seven."}]}
    rows = paragraph_rows(document)
    assert rows["text"] == text.split("\n\n")
    assert rows["position"] == [0, 1, 2, 3] and rows["document_id"] == ["d"] * 4
    assert rows["section"] == [None, 0, 0, 1]
    assert rows["n_words"] == [2, 1, 3, 1]
    assert paragraph_rows({**document, "sections": []})["section"] == [None] * 4


def test_row_groups_do_not_depend_on_how_rows_arrive(tmp_path):
    """One row at a time, a document's paragraphs at once, or Arrow tables cut anywhere (as the
    build gives the paragraphs): the same bytes."""
    rows = [{"document_id": f"d{i // 7}", "position": i % 7, "section": None, "text": f"word {i}",
             "n_words": 2} for i in range(20000)]
    one = ShardWriter(tmp_path / "one", "paragraphs")
    for row in rows:
        one.add(row)
    many = ShardWriter(tmp_path / "many", "paragraphs")
    for start in range(0, len(rows), 7):
        chunk = rows[start:start + 7]
        many.extend({name: [r[name] for r in chunk] for name in chunk[0]})
    tables = ShardWriter(tmp_path / "tables", "paragraphs")
    for start in range(0, len(rows), 3000):  # not aligned with the 8,192-row groups
        tables.extend_table(pa.Table.from_pylist(rows[start:start + 3000], schema=tables.schema))
    (a,), (b,), (c,) = one.close(), many.close(), tables.close()
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    groups = [pq.ParquetFile(a).metadata.row_group(i).num_rows for i in range(pq.ParquetFile(a).num_row_groups)]
    assert groups == [8192, 8192, 3616]


def test_shards_are_bounded_by_rows_and_bytes(tmp_path):
    rows = [{"document_id": "d", "position": i, "section": None, "text": "word " * 200, "n_words": 200}
            for i in range(2000)]
    by_rows = ShardWriter(tmp_path / "rows", "paragraphs", shard_rows=512)
    by_bytes = ShardWriter(tmp_path / "bytes", "paragraphs", shard_bytes=300_000, batch_rows=256)
    for row in rows:
        by_rows.add(row)
        by_bytes.add(row)
    assert [pq.ParquetFile(p).metadata.num_rows for p in by_rows.close()] == [512, 512, 512, 464]
    shards = by_bytes.close()
    assert len(shards) > 3 and sum(pq.ParquetFile(p).metadata.num_rows for p in shards) == 2000
