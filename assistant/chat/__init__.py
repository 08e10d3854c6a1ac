"""The conversation: a session that keeps history and resolves follow-ups."""
