"""Files to indexed records: load, clean, chunk, embed and write."""
