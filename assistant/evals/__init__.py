"""Grounding evals: suites of cases run through the same path as `ask`, scored and gated."""
