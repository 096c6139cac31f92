"""schema/ is generated from the model and must not drift."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from conftest import REPO
from pydantic import ValidationError

from corpus.model import CONFIGS, Document
from corpus.schema import (
    arrow_schema,
    artifacts,
    drifted_artifacts,
    hf_features,
    hf_features_dict,
    hf_features_yaml,
)


def test_schema_folder_matches_model():
    drift = drifted_artifacts(REPO / "schema")
    assert not drift, f"schema/ is out of date ({drift}); run `corpus schema`"


def test_every_model_field_is_in_the_arrow_schema():
    assert arrow_schema().names == list(Document.model_fields)


def test_types_are_explicit():
    schema = arrow_schema()
    assert schema.field("n_words").type == pa.int32()
    assert schema.field("date").type.field("start").type == pa.date32()
    assert pa.types.is_struct(schema.field("license").type)
    assert pa.types.is_list(schema.field("sections").type)
    assert hf_features()["date"]["start"].dtype == "date32"


@pytest.mark.parametrize("config", list(CONFIGS))
def test_features_spelled_without_datasets_equal_what_datasets_gives(config):
    # The build writes these instead of importing `datasets`; a newer `datasets` that spells its
    # features differently must fail here, not silently in the shards' metadata or the card.
    features = hf_features(config)
    assert hf_features_dict(config) == features.to_dict()
    assert list(hf_features_dict(config)) == list(features.to_dict())  # column order too
    assert hf_features_yaml(config) == features._to_yaml_list()


def test_features_spelled_without_datasets_hold_for_nested_shapes_too():
    # Shapes no config has yet (a list of lists, a list in a struct): a model change must not
    # make the build write features that datasets would spell otherwise.
    from datasets import Features

    from corpus.schema import _feature_dict, _feature_yaml

    schema = pa.schema([("a", pa.list_(pa.list_(pa.string()))), ("b", pa.list_(pa.struct([("x", pa.int32())]))),
                        ("c", pa.struct([("y", pa.list_(pa.date32())), ("z", pa.float64())]))])
    features = Features.from_arrow_schema(schema)
    assert {f.name: _feature_dict(f.type) for f in schema} == features.to_dict()
    assert [{"name": f.name, **_feature_yaml(f.type)} for f in schema] == features._to_yaml_list()


def test_json_schema_is_valid_json_with_required_fields():
    doc = json.loads(artifacts()["documents.schema.json"])
    assert {"id", "author", "title", "text", "license", "provenance"} <= set(doc["required"])


def _minimal_document(**extra) -> dict:
    return {"id": "archive/x.htm", "url": None, "author": "A. Writer", "title": "A Title", "language": "en",
            "text": "Two  words\n\nand\tthree more", "license": {"kind": "unknown", "redistributable": False},
            "provenance": {"raw_path": "archive/x.htm", "raw_sha256": "0" * 64, "raw_format": "mia-html",
                           "parser_version": "0"}, **extra}


def test_word_and_char_counts_are_the_texts():
    counted = Document.model_validate(_minimal_document())
    assert (counted.n_words, counted.n_chars) == (5, len("Two  words\n\nand\tthree more"))
    assert Document.model_validate(_minimal_document(n_words=5, n_chars=26)) == counted
    for wrong in ({"n_words": 4}, {"n_chars": 25}):
        with pytest.raises(ValidationError, match="do not match text"):
            Document.model_validate(_minimal_document(**wrong))


@pytest.mark.parametrize("text", ["Return\n\nThe text.", "The text.\n\nLast updated: 2004", "The text.\n  top of the page  ",
                                  "One.\nTranscription : Sally Ryan\nTwo.", "One.\n\nreturn return"])
def test_furniture_lines_are_refused_anywhere_in_the_text(text):
    with pytest.raises(ValidationError, match="header or navigation line"):
        Document.model_validate(_minimal_document(text=text))


@pytest.mark.parametrize("text", ["Return to the front.", "The text.\n\nLast of all, we updated it.",
                                  "He wrote the transcription: a copy.", "top of page one"])
def test_prose_that_mentions_furniture_words_is_kept(text):
    assert Document.model_validate(_minimal_document(text=text)).text == text
