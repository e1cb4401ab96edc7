"""Which embedding model the store's vectors come from, known without loading it (or llama-index):
the store checks it and the ingest hashes it on paths that embed nothing."""

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MAX_WORD_PIECES = 256  # sentence-transformers' max_seq_length for this model
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# The stored sentence vectors: each sentence's word pieces pooled in its passage's model run
# (`MiniLMEmbedding.embed_in_context`), not the sentence embedded alone.
SENTENCE_VECTORS_ID = f"{MODEL_ID}/pooled-in-passage"
