"""The paragraphs config: a document's text split on blank lines, built in Arrow."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from corpus.paragraphs import paragraph_columns, paragraph_rows, paragraph_table
from corpus.writer import schema_with_features

# Blank lines, runs of them, white space beside them (NBSP, em space, tab), words.
_TEXT = st.lists(st.sampled_from(["a", "bc", " ", "\n", "\n\n", "\t", "\u00a0", "\u2003", "é", "."]),
                max_size=30).map("".join)


@given(text=_TEXT)
@example(text="a \n\nb")  # white space before a blank line
@example(text="a\n\n\u00a0b")  # ... after it
@example(text="a\n\n\n\nb")  # a run of blank lines: an empty part
@example(text=" a\n\nb ")  # at either end
@example(text="")
def test_paragraphs_are_the_stripped_non_blank_parts_of_the_text(text):
    expected = [part.strip() for part in text.split("\n\n") if part.strip()]
    rows = paragraph_rows({"id": "d", "text": text, "sections": []})
    assert rows["text"] == expected
    assert rows["n_words"] == [len(paragraph.split()) for paragraph in expected]
    assert rows["position"] == list(range(len(expected)))
    assert rows["document_id"] == ["d"] * len(expected)
    assert rows["section"] == [None] * len(expected)


@given(texts=st.lists(_TEXT, min_size=1, max_size=6))
def test_many_documents_at_once_give_each_one_s_rows_in_order(texts):
    documents = [{"id": f"d{i}", "text": text, "sections": []} for i, text in enumerate(texts)]
    schema = schema_with_features("paragraphs")
    together = paragraph_table([d["id"] for d in documents], [paragraph_columns(d) for d in documents], schema)
    one_by_one = [paragraph_rows(d) for d in documents]
    assert together.to_pydict() == {name: [v for rows in one_by_one for v in rows[name]] for name in schema.names}


def test_a_clean_text_is_sent_as_it_is():
    text = "One two.\n\nThree."
    assert paragraph_columns({"text": text, "sections": []}).text is text  # one object to pickle
