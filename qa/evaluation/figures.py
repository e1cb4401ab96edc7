"""What every benchmark report shares: its figures as rounded JSON, and percentiles."""

from __future__ import annotations

from dataclasses import asdict


class Figures:
    """Base of the benchmark result dataclasses (`qa bench … --json`)."""

    def to_dict(self) -> dict:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]
