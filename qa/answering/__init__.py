"""From a question to a cited answer: question analysis, evidence, grounding, generators."""
