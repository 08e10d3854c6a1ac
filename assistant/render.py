"""Terminal rendering with Rich: answers, ingest summaries, source lists."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from assistant.schema import Answer, IngestReport, SourceInfo


def answer_renderable(answer: Answer, *, width_quote: int = 400) -> Group:
    parts: list = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(Text(f"(understood as: {answer.standalone_question})", style="dim italic"))
    style = "yellow" if answer.refused else ""
    parts.append(Padding(Text(answer.answer, style=style), (0, 0, 1, 0)))
    for conflict in answer.conflicts:
        values = "; ".join(
            f"{v['value']} {''.join(f'[{n}]' for n in v['citations'])}" for v in conflict.values
        )
        parts.append(Text(f"⚠ Sources disagree on {conflict.about}: {values}", style="bold yellow"))
    if answer.citations:
        parts.append(Text("Sources", style="bold"))
    for c in answer.citations:
        byline = ", ".join(x for x in (c.author, c.date) if x)
        head = Text.assemble(
            (f"[{c.n}] ", "bold cyan"),
            (c.title, "bold"),
            (f" — {byline}" if byline else "", ""),
            (f"  {c.source} ¶{c.paragraph}", "dim"),
        )
        quote = c.quote if len(c.quote) <= width_quote else c.quote[: width_quote - 1] + "…"
        parts.append(head)
        parts.append(Padding(Text(f"“{quote}”", style="italic"), (0, 0, 0, 4)))
    if answer.refused and answer.closest:
        parts.append(Text("Closest passages", style="bold"))
        for p in answer.closest:
            snippet = " ".join(p.text.split())
            snippet = snippet[:200] + ("…" if len(snippet) > 200 else "")
            parts.append(
                Text.assemble(
                    ("• ", "dim"),
                    (p.title, "bold"),
                    (f"  {p.source} ¶{p.paragraph}\n", "dim"),
                    (f"  {snippet}", "italic"),
                )
            )
    return Group(*parts)


def print_answer(console: Console, answer: Answer) -> None:
    console.print(answer_renderable(answer))


def print_ingest_report(console: Console, report: IngestReport) -> None:
    for path, why in report.skipped:
        console.print(f"[yellow]skipped[/yellow] {escape(path)}: {escape(why)}")
    table = Table(title="Ingest summary", show_header=True, header_style="bold")
    for col in ("added", "updated", "unchanged", "removed", "chunks written", "chunks in index", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(
        str(len(report.added)),
        str(len(report.updated)),
        str(len(report.unchanged)),
        str(len(report.removed)),
        str(report.chunks_written),
        str(report.chunks_total),
        f"{report.seconds:.1f}",
    )
    console.print(table)
    if report.unchanged and not (report.added or report.updated or report.removed):
        console.print("All documents unchanged: nothing to do.")


def print_sources(console: Console, sources: list[SourceInfo]) -> None:
    table = Table(title=f"{len(sources)} documents in the index", header_style="bold")
    for col in ("source", "title", "author", "date", "chunks"):
        table.add_column(col, overflow="fold")
    for s in sources:
        table.add_row(s.source, s.title, s.author or "—", s.date or "—", str(s.chunks))
    console.print(table)


def print_eval_report(console: Console, report) -> None:
    """Per suite: one metrics table with a column per half (test beside its bars, dev beside its reference
    values), a by-kind table per half, the failing dev cases; then the gate's verdict."""
    from assistant.evals.report import KIND_COLUMNS, bar_text, metric_names

    for suite in report.suites:
        counts = " + ".join(f"{h.metrics.get('cases', 0)} {h.half}" for h in suite.halves)
        table = Table(
            title=f"Suite {suite.name}: {counts} cases",
            caption=f"collection {suite.collection}, backend {report.backend}",
            header_style="bold",
        )
        table.add_column("metric", no_wrap=True)
        for h in suite.halves:
            table.add_column(h.half, justify="right")
            table.add_column("bar" if h.gated else "ref", justify="right", style="dim" if not h.gated else "")
        for name in metric_names(suite.halves):
            row = [name]
            for h in suite.halves:
                cell = _cell(h.metrics.get(name), 0 if name.endswith("_ms") else 3)
                if any(m.startswith(name + ":") for m in h.misses):
                    cell = f"[red]{cell}[/red]" if h.gated else f"[yellow]{cell}[/yellow]"
                row += [cell, bar_text(name, h.thresholds)]
            table.add_row(*row)
        console.print(table)
        for h in suite.halves:
            by_kind = Table(title=f"{suite.name} / {h.half} by kind", header_style="bold")
            by_kind.add_column("kind", no_wrap=True)
            for title, _ in KIND_COLUMNS:
                by_kind.add_column(_KIND_HEADINGS.get(title, title), justify="right")
            for kind, metrics in h.by_kind.items():
                by_kind.add_row(kind, *(_cell(metrics.get(key), 2) for _, key in KIND_COLUMNS))
            console.print(by_kind)
            failing = [c for c in h.cases if c.failures]
            if h.held_out:
                if failing:
                    console.print(
                        f"[dim]{suite.name}/{h.half}: {len(failing)} of {len(h.cases)} cases with a failure "
                        "(held out: per-case results are in the JSON report only)[/dim]"
                    )
                continue
            for case in failing[:10]:
                console.print(
                    f"[dim]{suite.name}/{h.half} {case.id}[/dim] {escape('; '.join(case.failures))}"
                )
            if len(failing) > 10:
                console.print(f"[dim]… {len(failing) - 10} more in the report[/dim]")
    if report.support_metrics:
        sm = report.support_metrics
        console.print(
            f"Support scorer on the labelled set: precision {_cell(sm.get('precision'), 3)}, "
            f"recall {_cell(sm.get('recall'), 3)}"
        )
    below_ref = [f"{s.name}/{h.half}" for s in report.suites for h in s.halves if not h.gated and h.misses]
    if below_ref:
        console.print(f"[yellow]Below the dev reference values (not gated)[/yellow]: {', '.join(below_ref)}")
    ungated = [f"{s.name}/test" for s in report.suites for h in s.halves if h.gated and not h.thresholds]
    if ungated:
        console.print(f"[yellow]No \\[test] bars[/yellow] in {', '.join(ungated)}")
    gated = [f"{s.name}/{h.half}" for s in report.suites for h in s.halves if h.gated]
    if report.passed:
        what = ", ".join(gated) if gated else "no test half run"
        console.print(f"[green]PASS[/green]: every bar met ({what})")
    else:
        console.print("[red]FAIL[/red]: " + escape("; ".join(report.misses)))


_KIND_HEADINGS = {
    "evidence@5": "ev@5",
    "evidence cited": "cited",
    "key facts": "facts",
    "supported": "supp.",
    "refused (answerable)": "refused ans.",
    "refused (unanswerable)": "refused unans.",
}


def _cell(value, digits: int) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"
