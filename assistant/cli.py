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
        _console(stderr=True).print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
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


@app.callback()
def main(
    ctx: typer.Context,
    index: IndexOpt = None,
    chroma_url: Annotated[
        str | None, typer.Option("--chroma-url", help="Use a Chroma server instead.")
    ] = None,
    collection: Annotated[str | None, typer.Option("--collection", help="Collection name.")] = None,
) -> None:
    ctx.obj = {"index_dir": index, "chroma_url": chroma_url, "collection": collection}


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: corpus/).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove documents whose files are gone.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Empty the collection first.")] = False,
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
        print_ingest_report(console, report)
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
    k: Annotated[int | None, typer.Option("-k", min=1, max=50, help="Passages to retrieve.")] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="Answer backend (default: extractive).")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only these documents (file name).")
    ] = None,
) -> None:
    """Answer one question with citations to the exact passages."""

    def action() -> int:
        from assistant.api import Assistant

        notice = _console(stderr=True)
        assistant = Assistant(_settings(ctx), notify=lambda msg: notice.print(msg))
        answer = assistant.ask(question, k=k, sources=source or None, backend=backend)
        if as_json:
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            from assistant.render import print_answer

            print_answer(_console(), answer)
        return 0

    _run(action)


@app.command("eval")
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
) -> None:
    """Run the eval suites; exit 1 when a test half misses a bar of its suite, 2 on a usage or data error."""

    def action() -> int:
        from assistant.evals.runner import evaluate
        from assistant.render import print_eval_report

        settings = _settings(ctx)
        console = _console()
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
        target = report or settings.evals_dir / "reports" / "latest.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.to_json(), encoding="utf-8")
        target.with_suffix(".md").write_text(result.to_markdown(), encoding="utf-8")
        print_eval_report(console, result)
        console.print(f"Report: {target} and {target.with_suffix('.md')}")
        return 0 if result.passed else 1

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
        console = _console()
        console.width = min(console.width, 80)
        return repl(session, console, err)

    _run(action)


if __name__ == "__main__":
    app()
