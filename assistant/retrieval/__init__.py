"""Question to ranked passages and candidate sentences: embeddings, the store, keyword search, fusion."""
