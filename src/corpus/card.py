"""The dataset card (README.md) of a built folder.

Its YAML front matter is what lets `datasets.load_dataset(folder)` open the folder
with no code: `configs:` points each config at its shards, `dataset_info` carries the
features generated from the model, so dates stay date32 and structs stay structs.
"""

from __future__ import annotations

import yaml

from corpus.model import CONFIGS, SCHEMA_VERSION
from corpus.schema import hf_features

DEFAULT_CONFIG = "documents"


def card_metadata(counts: dict[str, int]) -> dict:
    return {
        "pretty_name": "Marxists Internet Archive corpus",
        "language": ["en"],
        "license": "other",
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
                "features": hf_features(config)._to_yaml_list(),
            }
            for config in CONFIGS
        ],
    }


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
documents = load_dataset("path/to/this/folder")             # config "documents"
sections = load_dataset("path/to/this/folder", "sections")  # one row per dated section
```

`build-report.json` lists what happened to every raw file (records, skipped pages,
license exclusions, rejects with their reasons).
"""
