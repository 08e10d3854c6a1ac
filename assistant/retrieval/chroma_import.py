"""Import chromadb without the `overrides` package's signature checks.

chromadb marks ~160 methods with `@override`, and that decorator disassembles the caller's bytecode and
compares signatures while each class is created: ~0.15–0.3 s of every cold `ask` (the whole import is
~1 s on 2 cores; bench/startup.py). The checks only catch programming errors in chromadb's own released
code. The marker the decorator leaves (`__override__`, which chromadb's `EnforceOverrides` classes read)
is kept; only the checks are skipped. chromadb is the only user of `overrides` among our dependencies.
"""

from __future__ import annotations

import sys
from typing import Any


def _marked(method: Any = None, **_options: Any) -> Any:
    if method is None:  # used with options: @overrides(check_signature=False)
        return _marked
    method.__override__ = True
    return method


def import_chromadb() -> Any:
    if "chromadb" not in sys.modules:
        import overrides

        overrides.override = overrides.overrides = _marked  # type: ignore[assignment]
    import chromadb

    return chromadb
