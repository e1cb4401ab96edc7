"""Gold questions, scoring, reports and benchmarks."""
