"""One loader per format behind `load_document`, which settles id, title and type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.types import Document
from ingest.frontmatter import FrontMatterError
from ingest.ids import InvalidDocIdError, check_doc_id, doc_id_for, type_for_folder
from ingest.loaders.base import Loaded, LoaderError
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.markdown import load_markdown
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import load_text

LOADERS: dict[str, Callable[[Path], Loaded]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
    ".txt": load_text,
}
SUPPORTED_SUFFIXES = frozenset(LOADERS)

__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "DocumentError", "load_document"]


class DocumentError(ValueError):
    """A file that cannot become a Document; str() names the reason in German."""


def load_document(path: Path, root: Path | None = None, doc_id: str | None = None) -> tuple[Document, list[str]]:
    """Load `path` (inside folder `root`, or on its own) as a Document plus non-fatal warnings.

    `doc_id` overrides the path-derived id (uploads keep the name they were given).
    """
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DocumentError(f"Format {path.suffix or '(ohne Endung)'} wird nicht unterstützt")
    try:
        loaded = loader(path)
    except (LoaderError, FrontMatterError) as exc:
        raise DocumentError(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise DocumentError(f"Datei ist nicht UTF-8-kodiert (Byte {exc.start})") from exc
    except OSError as exc:
        raise DocumentError(f"Datei kann nicht gelesen werden: {exc.strerror or exc}") from exc

    meta = dict(loaded.metadata)
    try:
        final_id = check_doc_id(meta.pop("id", None) or doc_id or doc_id_for(path, root))
    except InvalidDocIdError as exc:
        raise DocumentError(str(exc)) from exc
    doc_type = meta.pop("type", None) or type_for_folder(path)
    # CONTRACT: front matter, else the first heading, else the PDF (or HTML/DOCX) title, else the file
    # name; a top-level heading outranks an embedded title, which outranks a lower heading.
    title = (meta.pop("title", None) or loaded.heading_title or loaded.embedded_title or loaded.first_heading
             or path.stem)
    if not loaded.blocks:
        loaded.warnings.append("Dokument enthält keinen Text")
    document = Document(doc_id=final_id, title=title.strip(), type=doc_type, source=str(path),
                        blocks=loaded.blocks, metadata=meta)
    return document, loaded.warnings
