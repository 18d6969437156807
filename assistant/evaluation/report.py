"""The evaluation report: Markdown tables and a PNG chart in docs/quality/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.evaluation.runner import SYSTEMS

METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "p50_ms")


def _table(by_system: dict[str, dict[str, float]]) -> list[str]:
    lines = ["| system | " + " | ".join(METRICS) + " |", "|---|" + "---:|" * len(METRICS)]
    for name in SYSTEMS:
        m = by_system.get(name)
        if m:
            lines.append(f"| {name} | " + " | ".join(f"{m[k]:.3f}" if k != "p50_ms" else f"{m[k]:.0f}" for k in METRICS) + " |")
    return lines


def markdown(result: dict[str, Any], command: str) -> str:
    lines = [
        "# Retrieval- und Antwortqualität",
        "",
        f"Modell: `{result['model']}` · {result['questions']} Golden-Fragen · erzeugt mit `{command}`.",
        "Alle Systeme laufen im selben Prozess auf demselben Index; Kennzahlen auf Dokumentebene.",
        "",
        "## Test-Split (nie zum Tuning verwendet)",
        "",
        *_table(result["systems"]),
        "",
        "## Antworten",
        "",
        "| split | beantwortbar | unbeantwortbar | Beleg relevant | Zitate wörtlich | Enthaltung (unbeantwortbar) | falsche Enthaltung |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for split, a in result["answers"].items():
        lines.append(f"| {split} | {a['answerable']} | {a['unanswerable']} | {a['citation_hit']:.3f} | "
                     f"{a['quotes_verbatim']:.3f} | {a['abstained_unanswerable']:.3f} | {a['false_abstention']:.3f} |")
    for set_name, splits in result.get("sets", {}).items():
        lines += ["", f"## Fragensatz `{set_name}`", "",
                  "| split | beantwortbar | Beleg relevant | Passage | Zitat | Zitate wörtlich | Mängel | "
                  "Enthaltung (unbeantwortbar) | falsche Enthaltung | Listen: Vollständigkeit | nichts außerhalb | "
                  "Rückfragen: Top-5 | Methoden: Top-1 | Top-3 |",
                  "|---|" + "---:|" * 14]
        for split, f in splits.items():
            a, li, fu, me = f["ask"], f["lists"], f["followups"], f["methods"]
            cell = lambda group, key: f"{group[key]:.3f}" if group.get("questions", 1) else "–"
            lines.append(f"| {split} | {a['answerable']} | {a['citation_hit']:.3f} | {a['passage_hit']:.3f} | "
                         f"{a['quote_hit']:.3f} | {a['quotes_verbatim']:.3f} | {a['answer_defects']:.3f} | "
                         f"{a['abstained_unanswerable']:.3f} | {a['false_abstention']:.3f} | {cell(li, 'listed_recall')} | "
                         f"{cell(li, 'nothing_outside')} | {cell(fu, 'resolved_top5')} | {cell(me, 'hit@1')} | "
                         f"{cell(me, 'hit@3')} |")
    if result.get("journeys"):
        lines += ["", "## Journeys (alle Splits)", "",
                  "| Journey | Fragen | R@1 | R@5 | MRR@10 |", "|---|---:|---:|---:|---:|"]
        for name, m in result["journeys"].items():
            lines.append(f"| {name} | {m['queries']} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['mrr@10']:.3f} |")
    for title, groups in (("Nach Split", result["by_split"]), ("Nach Fragetyp (alle Splits)", result["by_kind"])):
        lines += ["", f"## {title}"]
        for name, by_system in groups.items():
            lines += ["", f"### {name}", "", *_table(by_system)]
    lines += ["", "![Vergleich der Systeme](retrieval.png)", ""]
    return "\n".join(lines)


def chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n in SYSTEMS if n in result["systems"]]
    metrics = ("recall@1", "recall@5", "mrr@10", "ndcg@10")
    fig, ax = plt.subplots(figsize=(8, 4), dpi=120)
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        values = [result["systems"][name][m] for m in metrics]
        ax.bar([x + i * width for x in range(len(metrics))], values, width, label=name)
    ax.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title("Test-Split: cimis gegen die Baselines")
    ax.legend(loc="lower right")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_report(result: dict[str, Any], folder: Path, command: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "REPORT.md").write_text(markdown(result, command), encoding="utf-8")
    chart(result, folder / "retrieval.png")
    return folder / "REPORT.md"
