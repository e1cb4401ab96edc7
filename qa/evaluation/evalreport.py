"""Evaluation reports: Markdown + JSON + a bar chart, and question-by-question comparison."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

HEADLINE = ["answer_accuracy", "short_answer_accuracy", "abstention_precision", "abstention_recall", "abstention_f1",
            "citation_precision", "citation_recall", "hit_at_1", "hit_at_3", "hit_at_5", "mrr"]


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.1%}" if isinstance(value, float) and value <= 1 else str(value)


def markdown(report: dict) -> str:
    held, cal = report["splits"]["heldout"], report["splits"]["calibration"]
    lines = [
        f"# Evaluation: {report['generator']} on {report['gold']}",
        "",
        f"{report['n']} questions ({held['n']} held-out, {cal['n']} calibration), retrieval depth k={report['k']}.",
        "Held-out figures are the ones to quote; calibration only ever saw the calibration split.",
        "",
        "| metric | held-out | calibration | all |",
        "|---|---|---|---|",
    ]
    for key in HEADLINE:
        lines.append(f"| {key} | {_fmt(held.get(key))} | {_fmt(cal.get(key))} | {_fmt(report.get(key))} |")
    lines += ["", "## Per question type (all splits)", "",
              "| type | n | accuracy | hit@5 | citation precision | citation recall |", "|---|---|---|---|---|---|"]
    for kind, m in report["types"].items():
        lines.append(f"| {kind} | {m['n']} | {_fmt(m['answer_accuracy'])} | {_fmt(m['hit_at_5'])} | "
                     f"{_fmt(m['citation_precision'])} | {_fmt(m['citation_recall'])} |")
    lines += ["", "## Latency (ms, all questions)", "", "| stage | p50 | p95 |", "|---|---|---|"]
    for stage, values in report["latency_ms"].items():
        lines.append(f"| {stage} | {values['p50']} | {values['p95']} |")
    wrong = [q for q in report["questions"] if not q["correct"]]
    lines += ["", f"## Wrong answers ({len(wrong)})", ""]
    for q in wrong:
        lines.append(f"- **{q['id']}** ({q['type']}, {q['split']}) {q['question']} → {q['answer'][:160]!r}")
    return "\n".join(lines) + "\n"


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    held = report["splits"]["heldout"]
    keys = [k for k in HEADLINE if held.get(k) is not None]
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.bar(range(len(keys)), [held[k] for k in keys], color="#3b6ea5")
    ax.set_xticks(range(len(keys)), [k.replace("_", "\n") for k in keys], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{report['generator']}: held-out metrics ({held['n']} questions)")
    for i, k in enumerate(keys):
        ax.text(i, held[k] + 0.02, f"{held[k]:.0%}", ha="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(report: dict, folder: Path, date: str | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    gold = Path(report.get("gold") or "gold.jsonl").stem
    named = "" if gold == "gold" else f"{gold}-"  # the seeds' gold set keeps the short names
    stem = f"{date or dt.date.today().isoformat()}-{named}{report['generator']}"
    paths = {"md": folder / f"{stem}.md", "json": folder / f"{stem}.json", "png": folder / f"{stem}.png"}
    paths["json"].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    paths["md"].write_text(markdown(report) + f"\n![chart]({paths['png'].name})\n", encoding="utf-8")
    chart(report, paths["png"])
    return paths


def compare(before: dict, after: dict) -> str:
    """What got better or worse, metric by metric and question by question."""
    lines = [f"{before['generator']} ({before.get('gold')}) → {after['generator']} ({after.get('gold')})", ""]
    for key in HEADLINE:
        a, b = before["splits"]["heldout"].get(key), after["splits"]["heldout"].get(key)
        if a is None or b is None:
            continue
        arrow = "↑" if b > a else "↓" if b < a else "="
        lines.append(f"  held-out {key:22s} {a:7.1%} → {b:7.1%} {arrow}")
    old = {q["id"]: q for q in before["questions"]}
    fixed, broken = [], []
    for q in after["questions"]:
        prior = old.get(q["id"])
        if prior and prior["correct"] != q["correct"]:
            (fixed if q["correct"] else broken).append(q)
    lines += ["", f"now right ({len(fixed)}):"] + [f"  + {q['id']} {q['question']}" for q in fixed]
    lines += [f"now wrong ({len(broken)}):"] + [f"  - {q['id']} {q['question']} → {q['answer'][:100]!r}" for q in broken]
    return "\n".join(lines)
