"""`corpus publish RELEASE --repo-id org/name`: a release folder to a Hugging Face Hub dataset repo.

The release folder is the repository's root (its README.md is the Hub's dataset card). One commit
uploads it — replacing the previous release's shards and images, so no stale shard is loaded with
the new ones — and a tag named after the version marks it: `load_dataset("org/name",
revision="1.1.0")` opens exactly that release. `--dry-run` lists what would be uploaded (files,
sizes, the tag) and makes no network call at all; the Hub client is not even imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.writer import MANIFEST, SUMS

REPLACED = ["data/**", "images/**"]  # paths of the previous release that this one replaces


class PublishError(Exception):
    pass


@dataclass
class Plan:
    release: Path
    repo_id: str
    version: str
    files: list[tuple[str, int]]

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)

    def describe(self) -> str:
        head = (f"would upload {len(self.files)} files ({self.total_bytes / 1e6:,.1f} MB) from "
                f"{self.release}/ to https://huggingface.co/datasets/{self.repo_id} "
                f"(one commit, replacing {', '.join(REPLACED)}), then tag it {self.version}")
        lines = [head]
        lines += [f"  {size:>14,}  {rel}" for rel, size in self.files]
        return "\n".join(lines)


def plan(release: Path, repo_id: str) -> Plan:
    """What publishing `release` uploads; PublishError when it is not a verified release."""
    from corpus.verify import check_sums

    release = Path(release)
    if "/" not in repo_id or repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise PublishError(f"--repo-id {repo_id!r} is not of the form org/name")
    try:
        manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PublishError(f"{release} is not a release folder: {err}") from None
    version = manifest.get("release", {}).get("version")
    if not version:
        raise PublishError(f"{release} is a build, not a release (run `corpus release` first)")
    problems = check_sums(release)
    if problems:
        raise PublishError(f"{release} does not match its {SUMS}: {problems[0]}")
    files = sorted((p.relative_to(release).as_posix(), p.stat().st_size)
                   for p in release.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(release).parts))
    return Plan(release, repo_id, version, files)


def publish(release: Path, repo_id: str, *, dry_run: bool = False, private: bool = False,
            token: str | None = None) -> Plan:
    """Upload the release and tag it; with `dry_run`, only the plan (no network)."""
    the_plan = plan(release, repo_id)
    if dry_run:
        return the_plan
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="dataset", exist_ok=True, private=private)
    api.upload_folder(repo_id=repo_id, repo_type="dataset", folder_path=str(the_plan.release),
                      commit_message=f"Release {the_plan.version}", delete_patterns=REPLACED,
                      ignore_patterns=[".*", "**/.*"])
    api.create_tag(repo_id, tag=the_plan.version, repo_type="dataset",
                   tag_message=f"Release {the_plan.version}")
    return the_plan
