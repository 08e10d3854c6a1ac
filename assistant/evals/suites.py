"""Eval suites: a folder `evals/suites/NAME/` with suite.toml, dev.jsonl, test.jsonl and thresholds.toml.

suite.toml holds `name`, `description` and `corpus` (the article folder, relative to the suite folder).
thresholds.toml holds a `[test]` table (the bars `assistant eval` gates on) and a `[dev]` table
(reference values, reported but never gated). The suite whose corpus is the configured corpus folder
is evaluated against the configured collection; every other suite against `suite-NAME` in the same store.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

HALVES = ("dev", "test")
SUITE_FILE = "suite.toml"
THRESHOLDS_FILE = "thresholds.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,50}[a-z0-9]$")
# Old metric names still accepted in thresholds files.
METRIC_ALIASES = {
    "refusal_accuracy": "unanswerable_refused",
    "max_refused_answerable": "max_answerable_refused",
}


class EvalDataError(AssistantError):
    """A usage or data problem (unknown suite, missing or malformed file): exit 2, one line."""

    exit_code = 2


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    folder: Path
    corpus: Path

    def half_path(self, half: str) -> Path:
        return self.folder / f"{half}.jsonl"

    @property
    def thresholds_path(self) -> Path:
        return self.folder / THRESHOLDS_FILE

    def thresholds(self) -> dict[str, dict[str, float]]:
        """{"dev": reference values, "test": bars}; a missing table is empty."""
        data = read_toml(self.thresholds_path)
        return {half: parse_thresholds(data.get(half, {}), self.thresholds_path, half) for half in HALVES}

    def is_default(self, settings) -> bool:
        return self.corpus.resolve() == Path(settings.corpus_dir).resolve()

    def collection(self, settings) -> str:
        return settings.collection if self.is_default(settings) else f"suite-{self.name}"

    def settings(self, settings):
        """The settings to evaluate this suite with: same store, its own collection and corpus."""
        if self.is_default(settings):
            return settings
        return settings.model_copy(
            update={"collection": self.collection(settings), "corpus_dir": self.corpus}
        )


def read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalDataError(f"No such file: {path}") from None
    except OSError as exc:
        raise EvalDataError(f"{path}: unreadable ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvalDataError(f"{path}: not valid TOML ({exc})") from None


def parse_thresholds(table: Any, path: Path, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise EvalDataError(f"{path}: [{where}] must be a table of metric = number")
    bars: dict[str, float] = {}
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EvalDataError(f"{path}: [{where}] {name} must be a number, not {value!r}")
        bars[METRIC_ALIASES.get(name, name)] = float(value)
    return bars


def load_suite(folder: Path) -> Suite:
    path = folder / SUITE_FILE
    data = read_toml(path)
    name = data.get("name", folder.name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise EvalDataError(
            f"{path}: name must be 2-52 lower-case letters, digits, '-' or '_' (got {name!r})"
        )
    corpus = data.get("corpus")
    if not isinstance(corpus, str) or not corpus.strip():
        raise EvalDataError(f"{path}: missing 'corpus' (the article folder, relative to the suite folder)")
    corpus_dir = (folder / corpus).resolve()
    if not corpus_dir.is_dir():
        raise EvalDataError(f"{path}: corpus folder {corpus_dir} does not exist")
    description = data.get("description", "")
    return Suite(name, str(description).strip(), folder.resolve(), corpus_dir)


def discover_suites(evals_dir: Path) -> list[Suite]:
    """Every `evals_dir/suites/*/suite.toml`, sorted by name (the bundled suite first)."""
    suites = [load_suite(p.parent) for p in sorted((Path(evals_dir) / "suites").glob(f"*/{SUITE_FILE}"))]
    seen: dict[str, Path] = {}
    for s in suites:
        if s.name in seen:
            raise EvalDataError(f"{s.folder / SUITE_FILE}: suite name {s.name!r} also used in {seen[s.name]}")
        seen[s.name] = s.folder
    return sorted(suites, key=lambda s: (s.name != "bundled", s.name))


def select_suites(evals_dir: Path, names: list[str] | None) -> list[Suite]:
    """The suites named (a name under evals/suites, or a suite folder's path), or all of them."""
    if not names:
        suites = discover_suites(evals_dir)
        if not suites:
            raise EvalDataError(f"No eval suites: no {Path(evals_dir) / 'suites' / '*' / SUITE_FILE}")
        return suites
    chosen: list[Suite] = []
    known: list[Suite] | None = None
    for name in names:
        folder = Path(name)
        if (folder / SUITE_FILE).is_file() and ("/" in name or name.startswith(".")):
            suite = load_suite(folder)
        else:
            known = discover_suites(evals_dir) if known is None else known
            suite = next((s for s in known if name in (s.name, s.folder.name)), None)
            if suite is None:
                names_known = ", ".join(s.name for s in known) or "none"
                raise EvalDataError(f"Unknown suite {name!r} (suites in {evals_dir}/suites: {names_known})")
        if suite not in chosen:
            chosen.append(suite)
    return chosen
