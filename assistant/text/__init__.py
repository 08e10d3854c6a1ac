"""Text handling every stage shares: sentences, tokens, dates, numbers and names, one owner each."""
