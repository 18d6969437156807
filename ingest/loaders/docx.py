"""DOCX: paragraphs with heading styles as sections, list paragraphs and tables as text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from core.types import Block
from ingest.loaders.base import Loaded, LoaderError, SectionTracker, append_block
from ingest.text_clean import normalize

_HEADING_STYLE = re.compile(r"^(?:Heading|Überschrift)\s*(\d)$", re.IGNORECASE)


def load_docx(path: Path) -> Loaded:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoaderError(f"DOCX kann nicht gelesen werden: {exc}") from exc

    tracker = SectionTracker()
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        text = normalize(paragraph.text)
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        if style == "Title":
            tracker.heading(1, text)
        elif heading:
            tracker.heading(int(heading.group(1)), text)
        else:
            append_block(blocks, text, tracker.section, list_item=style.startswith("List"))
    for table in document.tables:
        rows = [" | ".join(normalize(c.text) for c in row.cells) for row in table.rows]
        if rows:
            blocks.append(Block("\n".join(rows), tracker.section, None))
    title = document.core_properties.title or None
    return Loaded(blocks=blocks, heading_title=tracker.title, embedded_title=title)
