"""Terminal rendering with Rich: answers, ingest summaries, source lists."""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from assistant.schema import Answer, IngestReport, SourceInfo

_FOOTNOTE = re.compile(r"\[(\d{1,3})\]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_OPENING_QUOTES = "“\"‘'«„"
_CLOSING_QUOTES = "”\"’'»“"


class Indented:
    """A renderable indented by `indent` columns on every wrapped line, with no trailing spaces (rich's
    Padding pads each line to the full width and word wrap leaves a space at each break; piped output
    would carry both)."""

    def __init__(self, renderable, indent: int = 0):
        self.renderable = renderable
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(10, options.max_width - self.indent)
        # split, never cropped: a URL set no_wrap runs past the edge whole rather than cut
        for line in Segment.split_lines(console.render(self.renderable, options.update_width(width))):
            if self.indent and any(seg.text.strip() for seg in line):
                yield Segment(" " * self.indent)
            yield from _rstrip(line)
            yield Segment.line()


def _rstrip(line: list[Segment]) -> list[Segment]:
    out = list(line)
    while out and not out[-1].control and not out[-1].text.strip():
        out.pop()
    if out and not out[-1].control:
        last = out[-1]
        out[-1] = Segment(last.text.rstrip(), last.style)
    return out


def _url(url: str) -> Text:
    """A URL on one line whatever the width: split, it no longer opens or copies."""
    return Text(url, style="dim", no_wrap=True, overflow="ignore")


def source_markers(text: str) -> str:
    """An article's own reference markers ("2022.[2]") shown as ⁽²⁾, so they never pass for our [n].
    Display only: the citation's quote keeps the file's text."""
    return _FOOTNOTE.sub(lambda m: "⁽" + m.group(1).translate(_SUPERSCRIPT) + "⁾", text)


def quoted(text: str) -> str:
    """The quote in curly quotes; a passage that itself opens or closes with a quote mark is shown as it
    is (“““All the…” would double the mark; the italics still set it apart)."""
    if text[:1] in _OPENING_QUOTES or text.rstrip(".,;:!?…")[-1:] in _CLOSING_QUOTES:
        return text
    return f"“{text}”"


def answer_renderable(answer: Answer, *, width_quote: int = 400) -> Indented:
    parts: list = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(Text(f"(understood as: {answer.standalone_question})", style="dim italic"))
    style = "yellow" if answer.refused else ""
    parts += [Text(answer.answer, style=style), Text("")]
    for part in answer.unanswered:
        parts.append(Text(f"The sources don't answer this part: “{part}”", style="yellow"))
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
        if c.url:
            parts.append(Indented(_url(c.url), 4))
        parts.append(Indented(Text(quoted(source_markers(quote)), style="italic"), 4))
    if answer.refused and answer.closest:
        parts.append(Text("Closest passages", style="bold"))
        for p in answer.closest:
            snippet = " ".join(p.text.split())
            snippet = snippet[:200] + ("…" if len(snippet) > 200 else "")
            bullet = Table.grid()
            bullet.add_column(width=2, style="dim")
            bullet.add_column()  # every line of the entry, wrapped or not, starts under the title
            bullet.add_row(
                "•",
                Group(
                    Text.assemble((p.title, "bold"), (f"  {p.source} ¶{p.paragraph}", "dim")),
                    Text(source_markers(snippet), style="italic"),
                ),
            )
            parts.append(bullet)
    return Indented(Group(*parts))


def print_answer(console: Console, answer: Answer) -> None:
    console.print(answer_renderable(answer), crop=False)  # a URL line is never cut at the edge


_SKIPPED_LISTED = 20  # skipped files named one by one up to this many; beyond, counted by reason


def print_ingest_report(console: Console, report: IngestReport, *, verbose: bool = False) -> None:
    """The summary accounts for every file: indexed (added/updated/unchanged) or skipped with its reason;
    paragraphs left out of the index are counted, and listed with `verbose`."""
    if verbose or len(report.skipped) <= _SKIPPED_LISTED:
        for path, why in report.skipped:
            console.print(f"[yellow]skipped[/yellow] {escape(path)}: {escape(why)}", soft_wrap=True)
    else:
        reasons: dict[str, int] = {}
        for _, why in report.skipped:
            key = why.split(" (")[0]
            reasons[key] = reasons.get(key, 0) + 1
        counted = ", ".join(f"{n} {why}" for why, n in sorted(reasons.items(), key=lambda r: -r[1]))
        console.print(
            f"[yellow]skipped[/yellow] {len(report.skipped)} files: {escape(counted)} (--verbose lists them)"
        )
    if verbose:
        for source, paragraph, why in report.dropped:
            console.print(
                f"[dim]not indexed[/dim] {escape(source)} ¶{paragraph}: {escape(why)}", soft_wrap=True
            )
    elif report.dropped:
        console.print(
            f"[dim]{len(report.dropped)} paragraphs not indexed (headlines, bylines, page furniture…): "
            "--verbose lists them[/dim]"
        )
    table = Table(title="Ingest summary", show_header=True, header_style="bold")
    for col in (
        "added",
        "updated",
        "unchanged",
        "removed",
        "skipped",
        "chunks written",
        "chunks in index",
        "seconds",
    ):
        table.add_column(col, justify="right")
    table.add_row(
        str(len(report.added)),
        str(len(report.updated)),
        str(len(report.unchanged)),
        str(len(report.removed)),
        str(len(report.skipped)),
        str(report.chunks_written),
        str(report.chunks_total),
        f"{report.seconds:.1f}",
    )
    console.print(Indented(table))  # no trailing spaces after a centred title
    for path, twin in report.duplicates:
        console.print(
            f"[yellow]not indexed again[/yellow] {escape(path)}: the same text as {escape(twin)}, "
            "already indexed.",
            soft_wrap=True,
        )
    if report.unchanged and not (report.added or report.updated or report.removed):
        console.print("All documents unchanged: nothing to do.")
    for source in report.gone:
        console.print(
            f"[yellow]still indexed[/yellow] {escape(source)}: its file is gone; "
            "the same ingest with --prune removes it from the index.",
            soft_wrap=True,
        )


def print_sources(console: Console, sources: list[SourceInfo]) -> None:
    """A table when the file names leave room for titles; otherwise one entry per document, so a file name
    is never split across lines (at 80 columns long names would squeeze the other columns to nothing)."""
    console.print(Text(f"{len(sources)} documents in the index", style="bold"))
    widest = max((len(s.source) for s in sources), default=0)
    if widest + 50 > console.width:
        for s in sources:
            console.print(Text.assemble((s.source, "bold"), (f"  {s.chunks} chunks", "dim")), soft_wrap=True)
            byline = ", ".join(x for x in (s.author, s.date) if x)
            console.print(Indented(Text(s.title + (f" — {byline}" if byline else "")), 2))
            if s.url:
                console.print(Indented(_url(s.url), 2), crop=False)
        return
    table = Table(header_style="bold", expand=True)
    table.add_column("source", no_wrap=True)  # a file name is never split across lines
    table.add_column("title", ratio=2, overflow="fold")
    table.add_column("author", ratio=1, min_width=12, overflow="fold")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("chunks", justify="right", no_wrap=True)
    for s in sources:
        title = Text(s.title)
        if s.url:
            title.append("\n" + s.url, style="dim")
        table.add_row(s.source, title, s.author or "—", s.date or "—", str(s.chunks))
    console.print(Indented(table))  # no trailing spaces after a centred title


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
        console.print(Indented(table))  # no trailing spaces after a centred title
        for h in suite.halves:
            by_kind = Table(title=f"{suite.name} / {h.half} by kind", header_style="bold")
            by_kind.add_column("kind", no_wrap=True)
            for title, _ in KIND_COLUMNS:
                by_kind.add_column(_KIND_HEADINGS.get(title, title), justify="right")
            for kind, metrics in h.by_kind.items():
                by_kind.add_row(kind, *(_cell(metrics.get(key), 2) for _, key in KIND_COLUMNS))
            console.print(Indented(by_kind))
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


def print_baseline(console: Console, diff) -> None:
    """What changed against --baseline: cases worse and better, then the metrics beyond the tolerance."""
    console.print(
        f"Against {escape(diff.path)}: {len(diff.worse)} case(s) worse, {len(diff.better)} better"
        + (f", {diff.unmatched} not in the baseline" if diff.unmatched else "")
    )
    for label, changes in (("[red]worse[/red] ", diff.worse), ("[green]better[/green]", diff.better)):
        for change in changes[:20]:
            shown = change.kinds_line() if change.where.endswith("/test") else change.line()
            console.print(f"{label} {escape(shown)}")
    if diff.regressions:
        console.print(
            f"[red]FAIL[/red]: regression beyond the tolerance {diff.tolerance:g}: "
            + escape("; ".join(diff.regressions))
        )
    else:
        console.print(f"No metric fell by more than the tolerance {diff.tolerance:g}.")
