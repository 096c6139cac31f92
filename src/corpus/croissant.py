"""`croissant.json`: MLCommons Croissant 1.0 metadata of a release.

One `cr:FileSet` per config (its Parquet shards, by glob) and one `cr:RecordSet` per config whose
fields are generated from the config's Arrow schema — the model stays the one source of truth.
Structs become fields with `subField`s (read with a JSONPath transform on their column); lists
are `repeated` fields. `mlcroissant.Dataset("croissant.json")` validates it (a test does).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from corpus.model import CONFIGS
from corpus.schema import arrow_schema

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
_KEYS = {"documents": ["id"], "sections": ["document_id", "position"],
         "paragraphs": ["document_id", "position"]}


def _data_type(dtype: pa.DataType) -> str:
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return "sc:Text"
    if pa.types.is_boolean(dtype):
        return "sc:Boolean"
    if pa.types.is_int32(dtype):
        return "cr:Int32"
    if pa.types.is_integer(dtype):
        return "sc:Integer"
    if pa.types.is_floating(dtype):
        return "sc:Float"
    if pa.types.is_date(dtype):
        return "sc:Date"
    raise TypeError(f"no Croissant data type for {dtype}")


def _field(record_set: str, field: pa.Field, column: str, path: list[str], inside: bool = False) -> dict:
    """A Croissant field for an Arrow field; `path` is its JSONPath under the column."""
    field_id = f"{record_set}/{'/'.join([column, *path])}" if path else f"{record_set}/{column}"
    dtype, repeated = field.type, False
    if pa.types.is_list(dtype):
        dtype, repeated = dtype.value_type, True
    source: dict = {"fileSet": {"@id": f"parquet-{record_set}"}, "extract": {"column": column}}
    if path:
        source["transform"] = {"jsonPath": ("$[*]." if inside else "$.") + ".".join(path)}
    node: dict = {"@type": "cr:Field", "@id": field_id, "name": field_id, "source": source}
    if repeated:
        node["repeated"] = True
    if pa.types.is_struct(dtype):
        node["subField"] = [_field(record_set, child, column, [*path, child.name], repeated or inside)
                            for child in dtype]
    else:
        node["dataType"] = _data_type(dtype)
    return node


def record_set(config: str) -> dict:
    schema = arrow_schema(config)
    model = CONFIGS[config]
    fields = []
    for field in schema:
        node = _field(config, field, field.name, [])
        info = model.model_fields.get(field.name)
        if info is not None and info.description:
            node["description"] = info.description
        fields.append(node)
    return {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": (model.__doc__ or config).strip().splitlines()[0],
        "key": [{"@id": f"{config}/{k}"} for k in _KEYS.get(config, [])],
        "field": fields,
    }


def croissant(version: str, *, description: str, url: str | None = None,
              date_published: str | None = None) -> dict:
    """The Croissant metadata of a release (relative file paths: it sits at the release's root)."""
    metadata = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": "mia-corpus",
        "description": description,
        "version": version,
        "license": "https://www.marxists.org/admin/legal/cc/by-sa.htm",
        "url": url or "https://www.marxists.org",
        "citeAs": "Marxists Internet Archive (https://www.marxists.org), parsed by the corpus package",
        "creator": {"@type": "sc:Organization", "name": "Marxists Internet Archive volunteers",
                    "url": "https://www.marxists.org"},
        "inLanguage": "en",
        "keywords": ["history", "politics", "marxism", "text"],
        "distribution": [
            {
                "@type": "cr:FileSet",
                "@id": f"parquet-{config}",
                "name": f"parquet-{config}",
                "description": f"The Parquet shards of config '{config}'.",
                "encodingFormat": "application/x-parquet",
                "includes": f"data/{config}/*.parquet",
            }
            for config in CONFIGS
        ],
        "recordSet": [record_set(config) for config in CONFIGS],
    }
    if date_published:
        metadata["datePublished"] = date_published
    return metadata


def write_croissant(folder: Path, version: str, *, description: str,
                    date_published: str | None = None) -> Path:
    path = Path(folder) / "croissant.json"
    path.write_text(json.dumps(croissant(version, description=description, date_published=date_published),
                               indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path
