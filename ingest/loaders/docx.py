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
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoaderError(f"DOCX kann nicht gelesen werden: {exc}") from exc

    tracker = SectionTracker()
    blocks: list[Block] = []
    # Paragraphs and tables in document order, so a table keeps the section it stands in.
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [" | ".join(normalize(c.text) for c in row.cells) for row in item.rows]
            if any(r.strip(" |") for r in rows):
                blocks.append(Block("\n".join(rows), tracker.section, None))
            continue
        text = normalize(item.text)
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        if style == "Title":
            tracker.heading(1, text)
        elif heading:
            tracker.heading(int(heading.group(1)), text)
        else:
            append_block(blocks, text, tracker.section, list_item=style.startswith("List"))
    title = document.core_properties.title or None
    return Loaded(blocks=blocks, heading_title=tracker.title, first_heading=tracker.first, embedded_title=title)
