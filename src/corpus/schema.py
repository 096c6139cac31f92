"""Generate the JSON Schema, Arrow schema and Hugging Face Features from the model.

`corpus schema` writes them to `schema/`; a test fails when the files there
differ from what this module generates, so the model stays the one source of truth.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from enum import Enum
from pathlib import Path

import pyarrow as pa
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from corpus.model import CONFIGS, SCHEMA_VERSION

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    bool: pa.bool_(),
    int: pa.int64(),
    float: pa.float64(),
    dt.date: pa.date32(),
}


def _is_int32(info: FieldInfo | None) -> bool:
    """`corpus.model.Int32` fields carry JSON Schema format int32; pydantic merges it into the field."""
    extra = info.json_schema_extra if info is not None else None
    return isinstance(extra, dict) and extra.get("format") == "int32"


def _arrow_type(annotation: object, info: FieldInfo | None = None) -> tuple[pa.DataType, bool]:
    """Arrow type of an annotation, and whether it is nullable."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        if any(getattr(m, "json_schema_extra", None) == {"format": "int32"} for m in meta):
            return pa.int32(), False
        return _arrow_type(inner, info)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation}")
        arrow, _ = _arrow_type(args[0], info)
        return arrow, True
    if origin is list:
        (item,) = typing.get_args(annotation)
        item_type, _ = _arrow_type(item)
        return pa.list_(pa.field("item", item_type)), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation)), False
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return pa.string(), False
    if annotation is int and _is_int32(info):
        return pa.int32(), False
    if annotation in _SCALARS:
        return _SCALARS[annotation], False
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[pa.Field]:
    """The Arrow fields of a model, in declaration order."""
    fields = []
    for name, info in model.model_fields.items():
        arrow, nullable = _arrow_type(info.annotation, info)
        fields.append(pa.field(name, arrow, nullable=nullable))
    return fields


def arrow_schema(config: str = "documents") -> pa.Schema:
    """The one explicit Arrow schema every shard of `config` is written with."""
    return pa.schema(model_fields(CONFIGS[config]))


def hf_features(config: str = "documents"):
    """The Hugging Face `Features` of `config`, derived from its Arrow schema."""
    from datasets import Features

    return Features.from_arrow_schema(arrow_schema(config))


# The build writes the features twice (in each shard's metadata, in the card's YAML) but needs no
# `datasets` object for that: importing `datasets` takes half a CPU second of every build. These two
# spell the features as `Features.to_dict()` and `Features._to_yaml_list()` do for the types our
# schemas use; tests/test_schema.py checks they equal what the installed `datasets` gives.
_HF_DTYPES: dict[pa.DataType, str] = {
    pa.string(): "string", pa.bool_(): "bool", pa.int32(): "int32", pa.int64(): "int64",
    pa.float64(): "float64", pa.date32(): "date32",
}


def hf_features_dict(config: str = "documents") -> dict:
    """`hf_features(config).to_dict()`, without importing `datasets`."""
    return {field.name: _feature_dict(field.type) for field in arrow_schema(config)}


def _feature_dict(kind: pa.DataType) -> dict:
    if pa.types.is_struct(kind):
        return {field.name: _feature_dict(field.type) for field in kind.fields}
    if pa.types.is_list(kind):
        return {"feature": _feature_dict(kind.value_type), "_type": "List"}
    return {"dtype": _HF_DTYPES[kind], "_type": "Value"}


def hf_features_yaml(config: str = "documents") -> list[dict]:
    """`hf_features(config)._to_yaml_list()` (the card's `dataset_info.features`), without `datasets`."""
    return [{"name": field.name, **_feature_yaml(field.type)} for field in arrow_schema(config)]


def _feature_yaml(kind: pa.DataType) -> dict:
    if pa.types.is_struct(kind):
        return {"struct": [{"name": field.name, **_feature_yaml(field.type)} for field in kind.fields]}
    if pa.types.is_list(kind):
        item = _feature_yaml(kind.value_type)  # its one entry, unwrapped unless it is a list itself
        return {"list": item if "list" in item else next(iter(item.values()))}
    return {"dtype": _HF_DTYPES[kind]}


def json_schema(config: str = "documents") -> dict:
    return CONFIGS[config].model_json_schema()


def artifacts() -> dict[str, str]:
    """Every generated schema file, name -> content; what `schema/` must hold."""
    files: dict[str, str] = {}
    for config in CONFIGS:
        files[f"{config}.schema.json"] = json.dumps(json_schema(config), indent=2, sort_keys=True) + "\n"
        files[f"{config}.arrow.txt"] = arrow_schema(config).to_string(show_schema_metadata=False) + "\n"
        files[f"{config}.features.json"] = (
            json.dumps(hf_features(config).to_dict(), indent=2, sort_keys=True) + "\n"
        )
    files["VERSION"] = SCHEMA_VERSION + "\n"
    return files


def write_artifacts(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in artifacts().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def drifted_artifacts(folder: Path) -> list[str]:
    """Names of files in `folder` that differ from (or are missing against) the generated ones."""
    drift = []
    for name, content in artifacts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            drift.append(name)
    return drift
