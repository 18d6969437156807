"""Builders for real files of every supported format, written into a test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def make_pdf(path: Path, pages: list[str], title: str | None = None, encrypt: bool = False) -> Path:
    """A real PDF with one page per entry (an empty entry gives a blank page), DejaVu font."""
    from fpdf import FPDF

    if not DEJAVU.exists():
        pytest.fail(f"Schrift {DEJAVU} fehlt (Paket fonts-dejavu-core installieren)")
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 7, text)
    if encrypt:
        pdf.set_encryption(owner_password="eigentuemer", user_password="nutzer")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
