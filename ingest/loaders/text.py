"""Plain text: paragraphs separated by blank lines, no sections."""

from __future__ import annotations

import re
from pathlib import Path

from core.types import Block
from ingest.loaders.base import Loaded
from ingest.text_clean import normalize


def load_text(path: Path) -> Loaded:
    text = path.read_text(encoding="utf-8-sig")  # a BOM is not text
    paragraphs = [normalize(p) for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return Loaded(blocks=[Block(p, None, None) for p in paragraphs if p])
