"""The bundled sample corpus and the golden question set: valid, complete and consistent.

Everything is checked through the project's own code (`ingest.loaders.load_document` and
`ingest.schema.validate_metadata`), so a document that passes here is read by the indexer the same
way. Each check collects all problems first and then fails with one message that lists them, every
line naming the file (or question) and the field.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from core.types import Document
from ingest.ids import FOLDER_TYPES, doc_id_for
from ingest.loaders import DocumentError, load_document
from ingest.schema import PHASES, validate_metadata
from tests.conftest import CORPUS, GOLDEN, REPO

# Notes in the corpus root describe the corpus itself; their id is chosen freely.
ROOT_NOTES = {"README.md"}
KINDS = {"fact", "method", "similar", "tool", "cross", "unanswerable"}
SPLITS = {"tune", "test"}
GOLDEN_FIELDS = {"id", "question", "relevant", "kind", "split"}


def corpus_files(root: Path) -> list[Path]:
    """Every file below `root` except hidden ones (which the indexer skips as well)."""
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def load_corpus(root: Path) -> tuple[dict[str, Document], list[str]]:
    """Documents by path below `root`, and one problem per file that cannot be loaded at all."""
    docs, problems = {}, []
    for path in corpus_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            docs[rel], _warnings = load_document(path, root=root)
        except DocumentError as exc:
            problems.append(f"{rel}: {exc}")
    return docs, problems


def schema_problems(root: Path) -> list[str]:
    """All load and front-matter problems of the corpus in `root`, each as 'file: problem'."""
    docs, problems = load_corpus(root)
    for rel, doc in docs.items():
        problems += [f"{rel}: {problem}" for problem in validate_metadata(doc.type, doc.metadata)]
    return problems


def report(what: str, problems: list[str]) -> str:
    return f"{len(problems)} {what}:\n  " + "\n  ".join(problems)


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    docs, problems = load_corpus(CORPUS)
    assert not problems, report("Dateien lassen sich nicht laden", problems)
    return docs


@pytest.fixture(scope="module")
def doc_ids(corpus) -> dict[str, Document]:
    return {doc.doc_id: doc for doc in corpus.values()}


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    rows = []
    for n, line in enumerate(GOLDEN.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            assert isinstance(row, dict), f"{GOLDEN.name}, Zeile {n}: kein JSON-Objekt"
            rows.append(row)
    return rows


class TestFrontMatter:
    def test_every_document_matches_its_schema(self):
        problems = schema_problems(CORPUS)
        assert not problems, report("Probleme im Front Matter", problems)

    def test_markdown_id_equals_path(self, corpus):
        problems = [
            f"{rel}: Feld 'id': {doc.doc_id!r} passt nicht zum Pfad, erwartet {doc_id_for(CORPUS / rel, CORPUS)!r}"
            for rel, doc in corpus.items()
            if rel.endswith(".md") and rel not in ROOT_NOTES and doc.doc_id != doc_id_for(CORPUS / rel, CORPUS)
        ]
        assert not problems, report("IDs weichen vom Pfad ab", problems)

    def test_type_matches_folder(self, corpus):
        problems = []
        for rel, doc in corpus.items():
            folder = rel.split("/")[0] if "/" in rel else None
            if folder is None:
                continue
            expected = FOLDER_TYPES.get(folder)
            if expected is None:
                problems.append(f"{rel}: Ordner {folder!r} ist kein bekannter Inhaltsordner")
            elif doc.type != expected:
                problems.append(f"{rel}: Feld 'type': {doc.type!r}, erwartet {expected!r}")
        assert not problems, report("Typen passen nicht zum Ordner", problems)

    def test_ids_are_unique(self, corpus):
        seen = Counter(doc.doc_id for doc in corpus.values())
        duplicates = [f"{doc_id}: {count}-mal vergeben" for doc_id, count in seen.items() if count > 1]
        assert not duplicates, report("IDs mehrfach vergeben", duplicates)


class TestCompleteness:
    @pytest.mark.parametrize(("doc_type", "minimum"), [
        ("method", 30), ("prototype", 24), ("interview", 8), ("tool", 15),
    ])
    def test_enough_documents_of_type(self, corpus, doc_type, minimum):
        count = sum(doc.type == doc_type for doc in corpus.values())
        assert count >= minimum, f"nur {count} Dokumente vom Typ {doc_type!r}, erwartet mindestens {minimum}"

    def test_one_guide_per_phase(self, corpus):
        phases = sorted((doc.metadata.get("phase"), rel) for rel, doc in corpus.items() if doc.type == "guide")
        assert len(phases) == 6, f"{len(phases)} Leitfäden statt 6: {phases}"
        assert sorted(p for p, _ in phases) == sorted(PHASES), f"Phasen der Leitfäden: {phases}"

    @pytest.mark.parametrize(("suffix", "doc_type", "minimum"), [
        (".pdf", "worksheet", 5), (".html", None, 1), (".docx", None, 1),
    ])
    def test_enough_files_of_format(self, corpus, suffix, doc_type, minimum):
        found = [rel for rel, doc in corpus.items()
                 if rel.endswith(suffix) and (doc_type is None or doc.type == doc_type)]
        label = f"{suffix}-Dateien" + (f" vom Typ {doc_type!r}" if doc_type else "")
        assert len(found) >= minimum, f"nur {len(found)} {label}, erwartet mindestens {minimum}"


class TestCrossReferences:
    @staticmethod
    def _dangling(corpus, doc_ids, doc_type, field, target_type) -> list[str]:
        problems = []
        for rel, doc in sorted(corpus.items()):
            if doc.type != doc_type:
                continue
            refs = doc.metadata.get(field)
            if not isinstance(refs, list):
                problems.append(f"{rel}: Feld {field!r}: {refs!r} ist keine Liste")
                continue
            for ref in refs:
                if ref not in doc_ids:
                    problems.append(f"{rel}: Feld {field!r}: {ref!r} gibt es nicht")
                elif doc_ids[ref].type != target_type:
                    problems.append(f"{rel}: Feld {field!r}: {ref!r} ist vom Typ {doc_ids[ref].type!r}, "
                                    f"erwartet {target_type!r}")
        return problems

    @pytest.mark.parametrize(("doc_type", "field", "target_type"), [
        ("guide", "methods", "method"),
        ("guide", "worksheets", "worksheet"),
        ("prototype", "methods", "method"),
    ])
    def test_references_exist(self, corpus, doc_ids, doc_type, field, target_type):
        problems = self._dangling(corpus, doc_ids, doc_type, field, target_type)
        assert not problems, report("Verweise ins Leere", problems)

    def test_guides_list_methods_of_their_phase(self, corpus, doc_ids):
        problems = [
            f"{rel}: Feld 'methods': {ref!r} gehört zur Phase {doc_ids[ref].metadata.get('phase')!r}, "
            f"nicht {doc.metadata.get('phase')!r}"
            for rel, doc in sorted(corpus.items()) if doc.type == "guide"
            for ref in doc.metadata.get("methods") or []
            if ref in doc_ids and doc_ids[ref].metadata.get("phase") != doc.metadata.get("phase")
        ]
        assert not problems, report("Methoden in der falschen Phase", problems)


class TestSchemaCheckCatchesErrors:
    BROKEN_CARD = """---
id: methoden/kaputte-karte
title: Kaputte Karte
type: method
phase: Testen
group_size: "2-6"
difficulty: extrem
materials: [Papier, Stifte]
goal: Das Team prüft, ob die Schemaprüfung Fehler findet.
tags: [Test]
---
# Kaputte Karte

## Worum es geht
Dieser Karte fehlt die Dauer, und ihr Schwierigkeitsgrad ist erfunden.
"""

    def test_broken_method_card_names_both_fields(self, tmp_path):
        root = tmp_path / "korpus"
        (root / "methoden").mkdir(parents=True)
        (root / "methoden" / "kaputte-karte.md").write_text(self.BROKEN_CARD, encoding="utf-8")
        problems = schema_problems(root)
        assert len(problems) == 2, problems
        assert all(p.startswith("methoden/kaputte-karte.md: ") for p in problems), problems
        assert any("'duration_min'" in p and "fehlt" in p for p in problems), problems
        assert any("'difficulty'" in p and "'extrem'" in p for p in problems), problems
        message = report("Probleme im Front Matter", problems)
        assert "duration_min" in message and "difficulty" in message and "kaputte-karte.md" in message

    def test_unreadable_file_is_reported_by_name(self, tmp_path):
        root = tmp_path / "korpus"
        (root / "methoden").mkdir(parents=True)
        (root / "methoden" / "ohne-ende.md").write_text("---\nid: [kaputt\n---\n# Text\n", encoding="utf-8")
        problems = schema_problems(root)
        assert len(problems) == 1 and problems[0].startswith("methoden/ohne-ende.md: "), problems


class TestGoldenSet:
    def test_rows_have_exactly_the_expected_fields(self, golden):
        problems = [f"{row.get('id', f'Zeile {n}')}: Felder {sorted(row)}"
                    for n, row in enumerate(golden, 1) if set(row) != GOLDEN_FIELDS]
        assert not problems, report(f"Fragen ohne genau die Felder {sorted(GOLDEN_FIELDS)}", problems)

    def test_ids_unique(self, golden):
        counts = Counter(row["id"] for row in golden)
        assert not [i for i, c in counts.items() if c > 1], f"doppelte IDs: {[i for i, c in counts.items() if c > 1]}"

    def test_kinds_and_splits_valid(self, golden):
        problems = [f"{row['id']}: Feld 'kind': {row['kind']!r}" for row in golden if row["kind"] not in KINDS]
        problems += [f"{row['id']}: Feld 'split': {row['split']!r}" for row in golden if row["split"] not in SPLITS]
        assert not problems, report("ungültige Werte", problems)

    def test_questions_are_text(self, golden):
        problems = [f"{row['id']}: Feld 'question' ist leer oder kein Text" for row in golden
                    if not isinstance(row["question"], str) or not row["question"].strip()]
        assert not problems, report("leere Fragen", problems)

    def test_enough_questions(self, golden):
        assert len(golden) >= 80, f"nur {len(golden)} Fragen"

    def test_unanswerable_have_no_relevant_documents(self, golden):
        unanswerable = [row for row in golden if row["kind"] == "unanswerable"]
        assert len(unanswerable) >= 10, f"nur {len(unanswerable)} unbeantwortbare Fragen"
        problems = [f"{row['id']}: Feld 'relevant': {row['relevant']!r}, erwartet []"
                    for row in unanswerable if row["relevant"] != []]
        problems += [f"{row['id']}: Feld 'relevant' ist leer, obwohl kind {row['kind']!r}"
                     for row in golden if row["kind"] != "unanswerable" and not row["relevant"]]
        assert not problems, report("falsche relevant-Listen", problems)

    def test_relevant_documents_exist(self, golden, doc_ids):
        problems = [f"{row['id']}: Feld 'relevant': {ref!r} gibt es nicht"
                    for row in golden for ref in row["relevant"] if ref not in doc_ids]
        assert not problems, report("Verweise ins Leere", problems)

    def test_about_thirty_percent_test(self, golden):
        share = sum(row["split"] == "test" for row in golden) / len(golden)
        assert 0.25 <= share <= 0.35, f"Testanteil {share:.0%}, erwartet 25–35 %"

    def test_every_kind_in_both_splits(self, golden):
        present = {(row["kind"], row["split"]) for row in golden}
        missing = [f"{kind}/{split}" for kind in sorted(KINDS) for split in sorted(SPLITS)
                   if (kind, split) not in present]
        assert not missing, f"Arten ohne Fragen in einem Split: {missing}"

    def test_split_follows_documented_rule(self, golden):
        spec = importlib.util.spec_from_file_location("split_golden", REPO / "scripts" / "split_golden.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        expected = {row["id"]: row["split"] for row in module.assign_splits(golden)}
        problems = [f"{row['id']}: Feld 'split': {row['split']!r}, nach der Regel {expected[row['id']]!r}"
                    for row in golden if row["split"] != expected[row["id"]]]
        assert not problems, report("Splits weichen von scripts/split_golden.py ab", problems)
