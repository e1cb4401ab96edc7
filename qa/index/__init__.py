"""The stored side: Chroma store, embedder, per-sentence analyses and hybrid retrieval."""
