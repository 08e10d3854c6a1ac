"""`--baseline REPORT.json`: this run against an earlier report of the same suites.

Cases are matched by suite, half and id. A case got worse when it has a kind of failure it did not have
(a missed key fact, a wrong refusal, an unsupported citation…), better when it lost one and gained none.
The run fails on a regression when a metric of a half present in both runs moved the wrong way by more
than the tolerance (default 0.02; `max_` metrics are upper bounds, every other metric a floor): the
totals can still clear their bars while the answers slide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals.report import EvalReport
from assistant.evals.suites import EvalDataError

DEFAULT_TOLERANCE = 0.02
IGNORED = {"cases", "median_ms"}  # counts and timings are not quality


@dataclass
class CaseChange:
    where: str  # suite/half
    id: str
    gained: list[str]
    lost: list[str]

    def line(self) -> str:
        parts = []
        if self.gained:
            parts.append("now " + "; ".join(self.gained))
        if self.lost:
            parts.append("no longer " + "; ".join(self.lost))
        return f"{self.where} {self.id}: " + ", ".join(parts)

    def kinds_line(self) -> str:
        """The same without failure details (a held-out half shows no answers outside the JSON report)."""
        gained = sorted({failure_kind(f) for f in self.gained})
        parts = (["now " + "; ".join(gained)] if gained else []) + (
            ["no longer " + "; ".join(self.lost)] if self.lost else []
        )
        return f"{self.where} {self.id}: " + ", ".join(parts)


@dataclass
class BaselineDiff:
    path: str
    tolerance: float
    worse: list[CaseChange] = field(default_factory=list)
    better: list[CaseChange] = field(default_factory=list)
    regressions: list[str] = field(default_factory=list)  # metric lines beyond the tolerance
    moved: list[str] = field(default_factory=list)  # every metric that changed, for the summary
    unmatched: int = 0  # cases of this run the baseline does not have

    @property
    def passed(self) -> bool:
        return not self.regressions

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "tolerance": self.tolerance,
            "passed": self.passed,
            "regressions": self.regressions,
            "worse": [c.line() for c in self.worse],
            "better": [c.line() for c in self.better],
            "metrics_moved": self.moved,
            "unmatched_cases": self.unmatched,
        }


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalDataError(f"No such baseline report: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EvalDataError(f"{path}: not a JSON eval report ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("suites"), list):
        raise EvalDataError(
            f"{path}: not an eval report (no 'suites'); pass a report.json that 'assistant eval' wrote"
        )
    return data


def failure_kind(failure: str) -> str:
    """The kind of a failure line: its words before the first colon or figure ("missed key facts",
    "refused an answerable question", "citation … does not support")."""
    if failure.startswith("citation ") and " does not support " in failure:
        return "unsupported citation"
    head = failure.split(":", 1)[0]
    return "unsupported sentence(s)" if head.endswith("unsupported sentence(s)") else head


def compare(report: EvalReport, baseline: dict[str, Any], path: Path, tolerance: float) -> BaselineDiff:
    diff = BaselineDiff(str(path), tolerance)
    before_halves = {
        (s.get("name"), half): data
        for s in baseline["suites"]
        if isinstance(s, dict)
        for half, data in (s.get("halves") or {}).items()
        if isinstance(data, dict)
    }
    for suite in report.suites:
        for half in suite.halves:
            where = f"{suite.name}/{half.half}"
            before = before_halves.get((suite.name, half.half))
            if before is None:
                diff.unmatched += len(half.cases)
                continue
            _compare_metrics(where, half.metrics, before.get("metrics") or {}, tolerance, diff)
            old_cases = {c.get("id"): c for c in before.get("cases") or [] if isinstance(c, dict)}
            for case in half.cases:
                old = old_cases.get(case.id)
                if old is None:
                    diff.unmatched += 1
                    continue
                now = {failure_kind(f) for f in case.failures}
                then = {failure_kind(f) for f in old.get("failures") or []}
                if now - then:
                    gained = [f for f in case.failures if failure_kind(f) in now - then]
                    diff.worse.append(CaseChange(where, case.id, gained, sorted(then - now)))
                elif then - now:
                    diff.better.append(CaseChange(where, case.id, [], sorted(then - now)))
    return diff


def _compare_metrics(
    where: str, now: dict[str, Any], then: dict[str, Any], tolerance: float, diff: BaselineDiff
) -> None:
    for name, value in now.items():
        old = then.get(name)
        if name in IGNORED or not isinstance(value, int | float) or not isinstance(old, int | float):
            continue
        change = value - old
        if abs(change) < 1e-9:
            continue
        worse = change > 0 if name.startswith("max_") else change < 0
        line = f"{where} {name}: {_show(old)} → {_show(value)} ({change:+.3f})"
        diff.moved.append(line)
        if worse and abs(change) > tolerance + 1e-9:
            diff.regressions.append(line + f", beyond the tolerance {tolerance:g}")


def _show(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"
