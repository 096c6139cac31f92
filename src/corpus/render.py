"""Render a document as a plain-text transcription in the seed's form.

    author / title / (title date) / header lines / body, each dated section followed by its
    sign-off (place line, date line) / Notes

Reading the rendering back with the text reader must give the same author, title,
date, place and license as the HTML page: a check that both readers feed the one
interpreter the same meaning.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from corpus.model import Document


def render_document(doc: Document) -> str:
    chunks = [doc.author, doc.title]
    if doc.date is not None and doc.date.basis == "title":
        chunks.append(f"({doc.date.raw})")
    header = [f"{line.label}: {line.value}" if line.label else line.value for line in doc.header if line.value]
    if header:
        chunks.append("\n".join(header))
    dateline = [
        doc.place.raw if doc.place is not None and not _place_elsewhere(doc) else None,
        doc.date.raw if doc.date is not None and doc.date.basis == "signoff" and not doc.sections else None,
    ]
    if any(dateline):
        # A dateline above the text ("Paris, January 2005"): it stays above the text.
        chunks.append("\n".join(x for x in dateline if x))
    for section in doc.sections or []:
        chunks.append(section.text)
        signoff = [x for x in (section.place and section.place.raw, section.date and section.date.raw) if x]
        if signoff:
            chunks.append("\n".join(signoff))
    if not doc.sections:
        chunks.append(doc.text)
    if doc.notes:
        chunks.append("Notes")
        chunks.extend(f"[{note.label}] {note.text}" if note.label else note.text for note in doc.notes)
    return "\n\n".join(chunks) + "\n"


def _place_elsewhere(doc: Document) -> bool:
    """Is the document's place already written in a section's sign-off or a header line?"""
    raw = doc.place.raw
    return any(s.place is not None and s.place.raw == raw for s in doc.sections) or any(
        raw in line.value for line in doc.header
    )


def render_file(path: Path) -> str:
    """`corpus render PAGE`: read an HTML (or text) page and print its rendering."""
    from corpus.build import read_page
    from corpus.interpret import interpret

    data = path.read_bytes()
    page = read_page(path.name if path.is_absolute() else path.as_posix(), data)
    return render_document(interpret(page, sha256=hashlib.sha256(data).hexdigest()))
