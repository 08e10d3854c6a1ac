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
    overall = Table(
        title=f"Grounding eval: {report.metrics['cases']} cases, backend {report.backend}",
        header_style="bold",
    )
    for col, justify in (("metric", "left"), ("value", "right"), ("bar", "right")):
        overall.add_column(col, justify=justify)
    for name, value in report.metrics.items():
        if name == "cases":
            continue
        bar = report.thresholds.get(name)
        missed = any(line.startswith(name + ":") for line in report.misses)
        cell = _cell(value, 0 if name.endswith("_ms") else 3)
        overall.add_row(
            name,
            f"[red]{cell}[/red]" if missed else cell,
            "" if bar is None else ("≤ " if name.startswith("max_") else "≥ ") + f"{bar:g}",
        )
    console.print(overall)
    by_kind = Table(title="By kind", header_style="bold")
    columns = (
        ("cases", "cases"),
        ("evidence@5", "evidence_recall_at_5"),
        ("key facts", "key_fact_recall"),
        ("supported", "supported_sentence_rate"),
        ("refused (answerable)", "max_refused_answerable"),
        ("refused (unanswerable)", "refusal_accuracy"),
    )
    by_kind.add_column("kind")
    for title, _ in columns:
        by_kind.add_column(title, justify="right")
    for kind, metrics in report.by_kind.items():
        by_kind.add_row(kind, *(_cell(metrics.get(key), 2) for _, key in columns))
    console.print(by_kind)
    failing = [c for c in report.cases if c.failures]
    for case in failing[:15]:
        console.print(f"[dim]{case.id}[/dim] {escape('; '.join(case.failures))}")
    if len(failing) > 15:
        console.print(f"[dim]… {len(failing) - 15} more in the report[/dim]")
    if report.passed:
        console.print("[green]PASS[/green]: every metric meets evals/thresholds.toml")
    else:
        console.print("[red]FAIL[/red]: " + escape("; ".join(report.misses)))


def _cell(value, digits: int) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"
