"""The `assistant` command: parses options, calls the Python API, renders. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="Grounded, cited answers from your articles.",
)

BackendOpt = Annotated[str | None, typer.Option("--backend", help="Answer backend (default: extractive).")]
SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Only these documents (file name).")]
IndexOpt = Annotated[
    Path | None, typer.Option("--index", help="Index folder (default: index/ of the project).")
]


def _settings(ctx: typer.Context, **overrides: Any):
    from assistant.settings import load_settings

    return load_settings(**ctx.obj, **overrides)


def _console(stderr: bool = False):
    from rich.console import Console

    # Messages on stderr stay one line however narrow the terminal: scripts and users grep them.
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def _run(action: Callable[[], int | None]) -> None:
    """Every command runs through here: user errors become one line on stderr and a non-zero exit."""
    from assistant.errors import AssistantError

    try:
        code = action() or 0
    except AssistantError as exc:
        from rich.markup import escape

        # escaped: a message may hold brackets ("pip install -e '.[local]'") that are not markup
        _console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _console(stderr=True).print("Interrupted.")
        raise typer.Exit(130) from None
    except Exception as exc:  # last resort: still one line, unless debugging
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        _console(stderr=True).print(
            f"[red]error:[/red] unexpected {type(exc).__name__}: {exc} (set ASSISTANT_DEBUG=1 for details)"
        )
        raise typer.Exit(1) from None
    raise typer.Exit(code)


_STANDALONE = False  # True in the `assistant` process itself (run()); False under CliRunner or an import


def run() -> None:
    """The console entry point."""
    import signal

    global _STANDALONE
    _STANDALONE = True
    try:
        app()
    except KeyboardInterrupt:  # between the command's own handling (_run) and the exit
        sys.exit(130)
    finally:
        # The command is done: a Ctrl-C now would cut the interpreter's teardown, where Chroma persists what
        # an ingest wrote, and end the process as killed by the signal rather than with 130.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _exit_without_teardown(code: int) -> None:
    """End a command that wrote nothing without the interpreter's teardown: finalising chromadb's and
    the model runtime's modules costs ~0.3 s of every cold `ask` (0.29 s after importing chromadb alone,
    0.01 s with this). Only in the real process, after stdout and stderr are flushed; never after a write
    (Chroma may persist a vector index when it is dropped)."""
    if not _STANDALONE:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`| head`): nothing left to write to
        pass
    os._exit(code)


def _check_k(k: int | None) -> None:
    """-k out of range is one line and exit 2, like every other bad input (not a usage box)."""
    from assistant.errors import InvalidOptionError

    if k is not None and not 1 <= k <= 50:
        raise InvalidOptionError(f"-k must be between 1 and 50 (got {k})")


@app.callback()
def main(
    ctx: typer.Context,
    index: IndexOpt = None,
    chroma_url: Annotated[
        str | None, typer.Option("--chroma-url", help="Use a Chroma server instead.")
    ] = None,
    collection: Annotated[str | None, typer.Option("--collection", help="Collection name.")] = None,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Article folder (default: corpus/); it gets its own collection."),
    ] = None,
) -> None:
    ctx.obj = {"index_dir": index, "chroma_url": chroma_url, "collection": collection, "corpus_dir": corpus}


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: corpus/).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove documents whose files are gone.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Empty the collection first.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every skipped file and unindexed paragraph.")
    ] = False,
) -> None:
    """Load, clean, chunk, embed and index documents (unchanged files are skipped)."""

    def action() -> int:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from assistant.api import ingest as run_ingest
        from assistant.render import print_ingest_report

        console = _console()
        with Progress(
            TextColumn("embedding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("embed", total=None)

            def on_progress(event: str, amount: int) -> None:
                if event == "total":
                    progress.update(task, total=amount)
                else:
                    progress.advance(task, amount)

            report = run_ingest(
                paths or None, _settings(ctx), prune=prune, reset=reset, on_progress=on_progress
            )
        print_ingest_report(console, report, verbose=verbose)
        if report.interrupted:
            _console(stderr=True).print(
                "Interrupted: finished documents are indexed; run the same command "
                "again to complete the rest."
            )
            return 130
        return 0

    _run(action)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
    k: Annotated[
        int | None, typer.Option("-k", help="Draw the answer from the N best passages only (1-50).")
    ] = None,
    backend: BackendOpt = None,
    source: SourceOpt = None,
    show_unsupported: Annotated[
        bool,
        typer.Option(
            "--show-unsupported",
            help="LLM backends: show, marked, the sentences their citations don't support.",
        ),
    ] = False,
) -> None:
    """Answer one question with citations to the exact passages."""

    def action() -> int:
        _check_k(k)
        from assistant.answer.backends import LLM_BACKENDS
        from assistant.api import Assistant

        notice = _console(stderr=True)
        settings = _settings(ctx)
        assistant = Assistant(settings, notify=lambda msg: notice.print(msg))
        kwargs: dict[str, Any] = {"k": k, "sources": source or None, "backend": backend}
        llm = (backend or settings.answer.backend) in LLM_BACKENDS
        if llm:
            kwargs["show_unsupported"] = show_unsupported
        if llm and not as_json:
            answer = _ask_streaming(assistant, question, kwargs)
        else:
            answer = assistant.ask(question, **kwargs)
        if as_json:
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            from assistant.render import print_answer

            print_answer(_console(), answer)
        if not assistant.wrote_index:
            _exit_without_teardown(0)
        return 0

    _run(action)


@app.command()
def brief(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="The question or topic, in quotes.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="md, json or html (default: from -o's suffix, else md).")
    ] = None,
    backend: BackendOpt = None,
    source: SourceOpt = None,
) -> None:
    """A cited briefing: bottom line, key points, timeline, disagreements, gaps and sources."""

    def action() -> int:
        from assistant.brief import check_output, output_format, render, write

        chosen = output_format(fmt, output)
        if output is not None:
            check_output(output)
        from assistant.api import Assistant
        from assistant.brief.build import build_briefing

        notice = _console(stderr=True)
        assistant = Assistant(_settings(ctx), notify=lambda msg: notice.print(msg))
        briefing = build_briefing(assistant, topic, sources=source or None, backend=backend)
        text = render(briefing, chosen)
        if output is None:
            sys.stdout.write(text)
        else:
            write(text, output)
            notice.print(f"Briefing written to {output} ({chosen}, {len(briefing.citations)} quotations).")
        return 0

    _run(action)


def _ask_streaming(assistant: Any, question: str, kwargs: dict[str, Any]):
    """An LLM backend's tokens shown as they arrive, marked unverified; the Live view is dropped when the
    verified answer (printed by the caller) is ready. Ctrl-C closes the request (see _run)."""
    from rich.console import Group
    from rich.live import Live
    from rich.text import Text

    console = _console()
    if not console.is_terminal:
        return assistant.ask(question, **kwargs)
    shown: list[str] = []
    label = Text("unverified — checking each sentence against its citation…", style="bold yellow")
    with Live(Group(label), console=console, transient=True, refresh_per_second=8) as live:

        def on_token(piece: str) -> None:
            shown.append(piece)
            live.update(Group(label, Text("".join(shown), style="dim")))

        return assistant.ask(question, on_token=on_token, **kwargs)


eval_app = typer.Typer(
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
    help="Run the eval suites. Exit 0: every bar met; 1: a test half misses a bar of its suite, or a "
    "regression against --baseline; 2: a usage or data error (--check problems included).",
)
app.add_typer(eval_app, name="eval")


@eval_app.callback()
def eval_(
    ctx: typer.Context,
    suite: Annotated[
        list[str] | None,
        typer.Option("--suite", help="Suite name under evals/suites/ (repeatable; default: every suite)."),
    ] = None,
    half: Annotated[str, typer.Option("--half", help="dev, test or all.")] = "all",
    set_file: Annotated[
        Path | None, typer.Option("--set", help="One case file, run against the current collection.")
    ] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="Answer backend.")] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Report path (.json; .md written beside).")
    ] = None,
    k: Annotated[int | None, typer.Option("-k", min=1, max=50, help="Passages to retrieve.")] = None,
    check: Annotated[
        Path | None,
        typer.Option("--check", help="Only validate this case file against the index (exit 2 on a problem)."),
    ] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Also write JUnit XML here.")] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="An earlier report.json: list cases worse/better.")
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", min=0.0, help="Metric drop vs --baseline that fails the run.")
    ] = 0.02,
) -> None:
    """Run the eval suites; exit 1 when a test half misses a bar of its suite, 2 on a usage or data error."""
    if ctx.invoked_subcommand is not None:
        return

    def action() -> int:
        if check is not None:
            return _check_set(ctx, check)
        from assistant.evals.baseline import compare, load_baseline
        from assistant.evals.runner import evaluate
        from assistant.render import print_baseline, print_eval_report

        settings = _settings(ctx)
        console = _console()
        before = load_baseline(baseline) if baseline is not None else None  # a bad file costs no model time
        with console.status("running the evals…") as shown:
            result = evaluate(
                settings,
                suites=suite,
                half=half,
                set_path=set_file,
                backend=backend,
                k=k,
                status=lambda msg: shown.update(f"running the evals: {msg}"),
            )
        diff = compare(result, before, baseline, tolerance) if before is not None and baseline else None
        target = report or settings.evals_dir / "reports" / "latest.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = result.to_dict()
        if diff is not None:
            data["baseline"] = diff.to_dict()
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        target.with_suffix(".md").write_text(result.to_markdown(), encoding="utf-8")
        _write_ci_outputs(result, diff, junit)
        print_eval_report(console, result)
        if diff is not None:
            print_baseline(console, diff)
        console.print(
            f"Report: {target} and {target.with_suffix('.md')}" + (f"; JUnit: {junit}" if junit else "")
        )
        return 0 if result.passed and (diff is None or diff.passed) else 1

    _run(action)


def _check_set(ctx: typer.Context, path: Path) -> int:
    from assistant.api import Assistant
    from assistant.evals.check import check_set

    result = check_set(path, Assistant(_settings(ctx)))
    for problem in result.problems:
        sys.stdout.write(problem + "\n")
    if result.problems:
        sys.stdout.write(f"{path}: {len(result.problems)} problem(s) in {result.cases} case(s)\n")
        return 2
    sys.stdout.write(
        f"{path}: {result.cases} case(s) OK: {result.documents} document(s) in collection "
        f"'{result.collection}', every evidence quote verbatim\n"
    )
    return 0


def _write_ci_outputs(result, diff, junit: Path | None) -> None:
    """JUnit XML when asked; the Markdown summary wherever GitHub Actions says ($GITHUB_STEP_SUMMARY)."""
    from assistant.evals.summary import summary_markdown

    if junit is not None:
        from assistant.evals.junit import to_junit

        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(to_junit(result, diff.regressions if diff else None), encoding="utf-8")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(result, diff))


@eval_app.command("draft")
def eval_draft(
    ctx: typer.Context,
    from_dir: Annotated[Path, typer.Option("--from", help="The article folder to draft cases from.")],
    n: Annotated[int, typer.Option("-n", min=1, max=500, help="How many cases to propose.")] = 20,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSONL here (default: stdout).")
    ] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="Answer backend for the check.")] = None,
) -> None:
    """Propose candidate eval cases (question, evidence sentence, key facts) for a person to review."""

    def action() -> int:
        from assistant.evals.draft import draft_cases

        err = _console(stderr=True)
        from assistant.settings import load_settings

        settings = load_settings(**{**ctx.obj, "corpus_dir": from_dir})
        with err.status("drafting cases…") as shown:
            cases = draft_cases(settings, n, backend=backend, status=lambda msg: shown.update(msg))
        text = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        err.print(
            f"{len(cases)} candidate case(s) drafted from {from_dir}"
            + (f" into {output}" if output else "")
            + f"; review them, then: assistant --corpus {from_dir} eval --check FILE"
        )
        return 0 if cases else 1

    _run(action)


@app.command()
def sources(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the documents in the index with their metadata and chunk counts."""

    def action() -> int:
        from dataclasses import asdict

        from assistant.api import Assistant

        infos = Assistant(_settings(ctx)).sources()
        if as_json:
            sys.stdout.write(json.dumps([asdict(i) for i in infos], ensure_ascii=False, indent=2) + "\n")
        else:
            from assistant.render import print_sources

            print_sources(_console(), infos)
        return 0

    _run(action)


@app.command()
def chat(
    ctx: typer.Context,
    backend: Annotated[str | None, typer.Option("--backend", help="Backend (default: extractive).")] = None,
) -> None:
    """Conversation with follow-ups and slash commands; JSON lines in and out when stdin is not a terminal."""

    def action() -> int:
        from assistant.api import Assistant
        from assistant.chat.session import Chat, json_lines, repl

        err = _console(stderr=True)
        session = Chat(Assistant(_settings(ctx), notify=lambda msg: err.print(msg)), backend)
        if not sys.stdin.isatty():
            return json_lines(session, sys.stdin, sys.stdout)
        return repl(session, _console(), err)  # wraps at the terminal's own width

    _run(action)


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="The corpus folder to create (or prepare, if it has articles).")
    ],
) -> None:
    """Create a corpus folder for your own articles: sources.json and corpus.toml skeletons."""

    def action() -> int:
        from assistant.corpus_init import init_corpus

        report = init_corpus(folder)
        console = _console()
        for path in report.written:
            console.print(f"wrote {path}", highlight=False)
        for path in report.kept:
            console.print(f"kept  {path} (already there)", highlight=False)
        if report.added_entries:
            console.print(f"added {len(report.added_entries)} entries to sources.json", highlight=False)
        found = f"{len(report.articles)} article(s) found" if report.articles else "no articles yet"
        console.print(
            f"{found}. Next: put .txt/.md/.html/.pdf files in {folder}, fill in sources.json, then\n"
            f"  assistant --corpus {folder} ingest\n"
            f'  assistant --corpus {folder} ask "your question"\n'
            f"  assistant eval draft --from {folder} -n 20 -o cases.jsonl",
            highlight=False,
            soft_wrap=True,
        )
        return 0

    _run(action)


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the settings, the model files, the store, the index and the LLM endpoint; say what to fix."""

    def action() -> int:
        from rich.markup import escape

        from assistant.doctor import FAIL, WARN, run_checks

        console = _console()
        checks = run_checks(ctx.obj)
        for check in checks:
            colour = {"ok": "green", FAIL: "red", WARN: "yellow"}.get(check.status, "dim")
            line = f"[{colour}]{check.status:<4}[/{colour}] {check.name:<9} {escape(check.detail)}"
            if check.fix:
                line += f" [bold]→ {escape(check.fix)}[/bold]"
            console.print(line, soft_wrap=True)
        failed = [c.name for c in checks if c.failed]
        console.print(
            f"{len(failed)} problem(s): {', '.join(failed)}" if failed else "Everything checks out."
        )
        return 1 if failed else 0

    _run(action)


if __name__ == "__main__":
    run()
