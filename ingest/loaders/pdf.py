"""PDF: one block per page, page numbers kept, glued-word pages repaired.

pypdf drops the spaces between words on some real PDFs (fonts without space glyphs, text placed
word by word). Such pages are detected by their share of run-together tokens and re-extracted
with pdfium, whose text layer reconstructs spaces from glyph positions.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from core.types import Block
from ingest.loaders.base import Loaded, LoaderError
from ingest.text_clean import normalize, unwrap_lines

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\S+")
_JOINT = re.compile(r"[a-zäöüß][A-ZÄÖÜ][a-zäöüß]")
GLUED_PAGE_SHARE = 0.01


def is_glued_token(token: str) -> bool:
    """A token made of several words run together: "ListevonWerkzeugen", "WieSiedas".

    German nouns are capitalised, so a lowercase→uppercase joint inside a longer token almost
    always marks a lost space; paths and URLs are set aside.
    """
    core = token.strip(".,;:!?()[]{}\"'„“”»«")
    if len(core) < 10 or any(c in core for c in "/\\@=_"):
        return False
    return bool(_JOINT.search(core))


def glued_share(text: str) -> float:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 0.0
    return sum(is_glued_token(t) for t in tokens) / len(tokens)


def _pdfium_pages(path: Path, numbers: list[int]) -> dict[int, str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = {}
        for n in numbers:
            textpage = pdf[n].get_textpage()
            # pdfium marks a hyphenation point where it joined a word broken at a line end with
            # U+0002; left in, it splits the word for search and quotes ("heraus\x02zufinden").
            out[n] = textpage.get_text_bounded().replace("\r\n", "\n").replace("\x02", "")
            textpage.close()
        return out
    finally:
        pdf.close()


def load_pdf(path: Path) -> Loaded:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoaderError("PDF ist verschlüsselt")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except LoaderError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoaderError(f"PDF kann nicht gelesen werden: {exc}") from exc

    glued = [i for i, text in enumerate(raw_pages) if glued_share(text) > GLUED_PAGE_SHARE]
    if glued:
        repaired = _pdfium_pages(path, glued)
        for i, text in repaired.items():
            if glued_share(text) < glued_share(raw_pages[i]):
                raw_pages[i] = text
        log.info("%s: %d Seiten mit verklebten Wörtern neu extrahiert", path.name, len(glued))

    blocks = []
    for number, text in enumerate(raw_pages, start=1):
        cleaned = unwrap_lines(normalize(text))
        if cleaned:
            blocks.append(Block(cleaned, None, number))
    warnings = [] if blocks else ["PDF enthält keinen extrahierbaren Text (gescannt?)"]
    return Loaded(blocks=blocks, embedded_title=title.strip() if title else None, warnings=warnings)
