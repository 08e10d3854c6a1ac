"""Passages to a cited answer: question analysis, backends, support scoring and verification."""
