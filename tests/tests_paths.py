from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
