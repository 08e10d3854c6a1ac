"""A conversation over the Assistant: follow-ups resolved against history, and the slash commands.

`Chat` is the Python API a notebook can drive; `run_command` is the slash-command dispatcher, pure over
the Chat state, returning Rich renderables, so both the terminal REPL and the JSON-lines mode (and the
tests) use the same code. The terminal loops themselves live in `repl` and `json_lines`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from assistant.chat.followup import Llm, Turn, condense
from assistant.query import Query
from assistant.schema import Answer

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.api import Assistant
    from assistant.settings import Settings

HISTORY_FILE = "chat_history"
NOTHING_BEFORE = (
    "This question refers back to something, but there is no earlier question in this conversation: ask it in "
    "full (say what happened, or whom it is about)."
)


class Chat:
    """Conversation state: turns so far and the chosen backend; the Assistant (models, store) is shared."""

    def __init__(self, assistant: Assistant, backend: str | None = None, *, llm: Llm | None = None):
        self.assistant = assistant
        self.llm = llm  # a condense LLM, when a backend provides one; None = offline heuristic
        self.history: list[Turn] = []
        self._backend: str | None = None
        if backend is not None:
            self.backend = backend

    @property
    def backend(self) -> str:
        return self._backend or self.assistant.settings.answer.backend

    @backend.setter
    def backend(self, name: str) -> None:
        from assistant.answer.backends import AVAILABLE
        from assistant.errors import BackendError

        if name not in AVAILABLE:
            raise BackendError(f"Unknown backend '{name}'; available: {', '.join(AVAILABLE)}")
        self._backend = name

    @property
    def last(self) -> Answer | None:
        return self.history[-1].answer if self.history else None

    def reset(self) -> None:
        self.history.clear()

    def ask(self, text: str) -> Answer:
        """Answer `text` in the context of the conversation, and remember the turn."""
        query = self.resolve(text)
        answer = self.answer(text, query)
        self.record(text, query, answer)
        return answer

    # The three steps of ask(), separate so the REPL can run answer() in a worker thread and drop its
    # result when the user presses Ctrl-C: a cancelled answer never enters the history.
    def resolve(self, text: str) -> Query:
        """The query retrieval and the backend will use: the question validated and stripped of planted
        instructions once, with a follow-up's carried topic; InvalidQuestionError for empty/huge input."""
        from assistant.query import validate_question

        limit = self.assistant.settings.answer.max_question_chars
        question = " ".join(validate_question(text, limit).split())
        llm = self.llm or self._backend_llm()
        prompts = self.assistant.settings.prompts_dir
        return condense(self.history, question, llm, prompts_dir=prompts, max_chars=limit)

    def _backend_llm(self) -> Llm | None:
        """With an LLM backend active, follow-ups are condensed by its model (prompts/condense.md); the
        extractive backend uses the offline resolver."""
        from assistant.answer.backends import LLM_BACKENDS

        if not self.history or self.backend not in LLM_BACKENDS:
            return None
        return getattr(self.assistant.backend(self.backend), "condense", None)

    def answer(self, text: str, query: Query) -> Answer:
        from assistant.chat.followup import content_words, names, points_back

        # A turn that was itself asked what it referred to gives a later question nothing to refer to.
        earlier = any(turn.answer.answer != NOTHING_BEFORE for turn in self.history)
        if not earlier and not names(text) and (points_back(text) or not content_words(text)):
            # "When did that happen?", "Why?" with nothing before it: ask what "that" is rather than guess. A
            # short question that points at nothing ("How long was the canal blocked?") is asked as it is.
            return Answer(
                question=" ".join(text.split()),
                standalone_question=query.standalone,
                answer=NOTHING_BEFORE,
                refused=True,
                backend=self.backend,
            )
        answer = self.assistant.ask(query, backend=self._backend)
        answer.question = " ".join(text.split())
        return answer

    def record(self, text: str, query: Query, answer: Answer) -> None:
        self.history.append(Turn(" ".join(text.split()), query, answer))


# -- slash commands ------------------------------------------------------------------------------------------
@dataclass
class CommandResult:
    command: str
    output: Any  # a Rich renderable (str is one)
    error: bool = False
    quit: bool = False

    def to_dict(self) -> dict[str, str]:
        key = "error" if self.error else "output"
        return {"command": self.command, key: plain_text(self.output)}


@dataclass
class Command:
    name: str
    usage: str
    help: str
    run: Callable[[Chat, str], CommandResult]
    aliases: tuple[str, ...] = field(default_factory=tuple)


def is_command(line: str) -> bool:
    return line.strip().startswith("/")


def run_command(chat: Chat, line: str) -> CommandResult:
    """Dispatch one '/command args' line; unknown commands say which ones exist."""
    name, _, arg = line.strip().partition(" ")
    name = name.lower()
    for command in COMMANDS:
        if name == f"/{command.name}" or name in command.aliases:
            return command.run(chat, arg.strip())
    known = " ".join(f"/{c.name}" for c in COMMANDS)
    return CommandResult(name, f"Unknown command {name}. Commands: {known} (/help explains).", error=True)


def _sources(chat: Chat, arg: str) -> CommandResult:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    answer = chat.last
    if answer is None:
        return CommandResult("/sources", "No answer yet: ask a question first.")
    if not answer.citations:
        return CommandResult("/sources", "The last answer cites nothing (the sources did not answer it).")
    parts: list = []
    for c in answer.citations:
        byline = ", ".join(x for x in (c.author, c.date) if x)
        parts.append(
            Text.assemble(
                (f"[{c.n}] ", "bold cyan"),
                (c.title, "bold"),
                (f" — {byline}" if byline else "", ""),
                (f"  {c.source} ¶{c.paragraph} chars {c.start}-{c.end}", "dim"),
            )
        )
        parts.append(Padding(Text(f"“{' '.join(c.quote.split())}”", style="italic"), (0, 0, 1, 4)))
    return CommandResult("/sources", Group(*parts))


def _open(chat: Chat, arg: str) -> CommandResult:
    from rich.console import Group
    from rich.text import Text

    answer = chat.last
    if answer is None or not answer.citations:
        return CommandResult("/open", "No citations to open: ask a question first.", error=True)
    numbers = ", ".join(str(c.n) for c in answer.citations)
    if not arg.isdigit() or not any(c.n == int(arg) for c in answer.citations):
        usage = f"Usage: /open N, with N one of the last answer's citations ({numbers})."
        return CommandResult("/open", usage, error=True)
    citation = next(c for c in answer.citations if c.n == int(arg))
    path = source_path(chat, citation.chunk_id, citation.source)
    try:
        text = path.read_text(encoding="utf-8") if path else None
    except OSError:
        text = None
    if text is None:
        return CommandResult("/open", f"Cannot read {citation.source} (looked for {path}).", error=True)
    if text[citation.start : citation.end] != citation.quote:
        return CommandResult(
            "/open",
            f"{citation.source} changed since it was indexed: its text no longer "
            "matches the citation. Re-run 'assistant ingest'.",
            error=True,
        )
    start, end = paragraph_bounds(text, citation.start, citation.end)
    body = Text(text[start:end].strip())
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    body.stylize("bold yellow", citation.start - start - lead, citation.end - start - lead)
    head = Text.assemble(
        (f"[{citation.n}] ", "bold cyan"),
        (citation.title, "bold"),
        (f"  {citation.source} ¶{citation.paragraph}  ({path})", "dim"),
    )
    return CommandResult("/open", Group(head, body))


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) holding [start, end): paragraphs in these files are single lines."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def source_path(chat: Chat, chunk_id: str, source: str) -> Path | None:
    """The file a citation came from: the index records each record's path; Citation has only the name."""
    try:
        path = chat.assistant.retriever.store.path_of(chunk_id)
        if path:
            return Path(path)
    except Exception:  # a store hiccup should not hide the fallback below
        pass
    fallback = chat.assistant.settings.corpus_dir / source
    return fallback if fallback.is_file() else None


def _why(chat: Chat, arg: str) -> CommandResult:
    if not chat.history:
        return CommandResult("/why", "No question asked yet.")
    turn = chat.history[-1]
    standalone = turn.query.standalone
    if standalone == turn.question:
        return CommandResult("/why", f"Retrieved for the question as asked: {standalone}")
    return CommandResult("/why", f"Read as a follow-up; retrieved for: {standalone}")


def current_topic(chat: Chat) -> Query | None:
    """What the conversation is about: the latest question that stood on its own (a follow-up such as
    "when did that happen?" belongs to the question it follows); None before any question."""
    from assistant.chat.followup import leans_on_context

    for turn in reversed(chat.history):
        if not leans_on_context(turn.question):
            return turn.query
    return chat.history[-1].query if chat.history else None


def _brief(chat: Chat, arg: str) -> CommandResult:
    """/brief [FILE]: a cited briefing on the conversation's topic, shown as Markdown or written to FILE
    (format from its suffix: .md, .json, .html)."""
    from rich.text import Text

    from assistant.brief import check_output, output_format, render, write
    from assistant.brief.build import build_briefing
    from assistant.errors import AssistantError

    topic = current_topic(chat)
    if topic is None:
        return CommandResult(
            "/brief", 'No topic yet: ask a question first (or run assistant brief "TOPIC").', error=True
        )
    path = Path(arg).expanduser() if arg else None
    try:
        fmt = output_format(None, path)
        if path is not None:
            check_output(path)
        briefing = build_briefing(chat.assistant, topic, backend=chat._backend)
        text = render(briefing, fmt)
        if path is None:
            return CommandResult("/brief", Text(text.rstrip("\n")))
        write(text, path)
    except AssistantError as exc:
        return CommandResult("/brief", str(exc), error=True)
    return CommandResult(
        "/brief",
        f"Briefing on “{topic.standalone}” written to {path} ({fmt}, {len(briefing.citations)} quotations).",
    )


def _reset(chat: Chat, arg: str) -> CommandResult:
    chat.reset()
    return CommandResult("/reset", "Conversation forgotten: the next question starts fresh.")


def _backend(chat: Chat, arg: str) -> CommandResult:
    from assistant.answer.backends import AVAILABLE
    from assistant.errors import BackendError

    if not arg:
        return CommandResult("/backend", f"Backend: {chat.backend} (available: {', '.join(AVAILABLE)})")
    before = chat._backend
    try:
        chat.backend = arg
        chat.assistant.backend(arg)  # load it now: a missing extra or key is reported here, not mid-question
    except BackendError as exc:
        chat._backend = before
        return CommandResult("/backend", str(exc), error=True)
    return CommandResult("/backend", f"Backend: {chat.backend}")


def _help(chat: Chat, arg: str) -> CommandResult:
    width = max(len(c.usage) for c in COMMANDS)
    lines = ["Ask a question; follow-ups like 'when did that happen?' use the conversation.", ""]
    lines += [f"{c.usage:<{width}}  {c.help}" for c in COMMANDS]
    lines += [
        "",
        "↑/↓ recall earlier questions, Ctrl-R searches them.",
        "Ctrl-C cancels an answer; Ctrl-D quits.",
    ]
    return CommandResult("/help", "\n".join(lines))


def _quit(chat: Chat, arg: str) -> CommandResult:
    return CommandResult("/quit", "Bye.", quit=True)


COMMANDS: tuple[Command, ...] = (
    Command("sources", "/sources", "full quotes of the last answer's citations", _sources),
    Command("open", "/open N", "the paragraph around citation N, in its article", _open),
    Command("why", "/why", "the standalone question the last answer was retrieved for", _why),
    Command(
        "brief", "/brief [FILE]", "a cited briefing on the conversation's topic (.md, .json, .html)", _brief
    ),
    Command("reset", "/reset", "forget the conversation", _reset),
    Command("backend", "/backend [NAME]", "show or switch the answer backend", _backend),
    Command("help", "/help", "this list", _help, ("/?",)),
    Command("quit", "/quit", "leave (Ctrl-D works too)", _quit, ("/exit", "/q")),
)


def plain_text(renderable: Any) -> str:
    """A renderable as unwrapped, uncoloured text (for JSON output)."""
    if isinstance(renderable, str):
        return renderable
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=10_000, color_system=None, highlight=False, soft_wrap=True).print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())


# -- the two front ends --------------------------------------------------------------------------------------
def history_path(settings: Settings) -> Path:
    """Where the REPL keeps its question history: the user state folder (settings.home)."""
    return settings.home / HISTORY_FILE


def json_lines(chat: Chat, lines: Iterable[str], out: IO[str]) -> int:
    """Scriptable mode: one question (or /command) per line in, one JSON object per line out; exit code 0."""
    import json

    from assistant.errors import AssistantError

    def emit(obj: dict) -> None:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        out.flush()

    for raw in lines:
        line = raw.rstrip("\r\n")
        if is_command(line):
            result = run_command(chat, line)
            emit(result.to_dict())
            if result.quit:
                break
            continue
        try:
            emit(chat.ask(line).to_dict())
        except AssistantError as exc:
            emit({"error": str(exc)})
        except Exception as exc:  # a store or endpoint outage: say so, then take the next question
            emit({"error": unexpected_error(exc)})
    return 0


def unexpected_error(exc: BaseException) -> str:
    """One line for a failure that is not the user's (a server gone, a store error): the session goes on."""
    text = str(exc).strip()
    first = text.splitlines()[0][:200] if text else ""
    return f"unexpected {type(exc).__name__}{': ' + first if first else ''} (the next question is taken as usual)"


def repl(chat: Chat, console: Console, err: Console) -> int:
    """The interactive loop: prompt_toolkit input with persistent history, Rich output, Ctrl-C per answer."""
    from concurrent.futures import ThreadPoolExecutor

    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.patch_stdout import patch_stdout
    from rich.markup import escape

    from assistant.errors import AssistantError
    from assistant.render import answer_renderable

    path = history_path(chat.assistant.settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        history: Any = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    session: PromptSession[str] = PromptSession(history=history, enable_history_search=False)
    # One worker: a cancelled answer finishes in the background before the next one starts, so two
    # questions never race on the shared models and store.
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer")
    pending = worker.submit(_warm_up, chat)  # load models while the user types the first question
    console.print("Ask about the articles. /help lists commands; Ctrl-D quits.", style="dim")
    try:
        while True:
            try:
                with patch_stdout(raw=True):  # a notice from the warm-up thread must not garble the prompt
                    line = session.prompt("» ")
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt: a fresh prompt
            except EOFError:
                return 0
            if not line.strip():
                continue
            if is_command(line):
                # While the worker is inside the store (the warm-up, or an answer just cancelled), fd 2 is
                # held to catch a Rust panic: a message printed now would show after the next prompt.
                # Commands wait for it (a second or so, and only then).
                try:
                    _wait(pending)
                except KeyboardInterrupt:
                    continue
                result = run_command(chat, line)
                if result.error:
                    err.print(f"[red]error:[/red] {plain_text(result.output)}", highlight=False)
                else:
                    console.print(result.output)
                if result.quit:
                    return 0
                continue
            try:
                query = chat.resolve(line)
                pending = future = worker.submit(chat.answer, line, query)
                answer = _wait(future)
            except KeyboardInterrupt:
                # On stdout: the cancelled answer may still hold fd 2 in the worker. The terminal echoed ^C,
                # so the notice starts a line of its own.
                console.print("\n(answer cancelled)", style="yellow")
                continue
            except AssistantError as exc:
                err.print(f"[red]error:[/red] {exc}", highlight=False)
                continue
            except Exception as exc:  # an outage mid-answer ends this answer, not the session
                err.print(f"[red]error:[/red] {escape(unexpected_error(exc))}", highlight=False)
                continue
            chat.record(line, query, answer)
            console.print(answer_renderable(answer), crop=False)  # a URL line is never cut at the edge
    finally:
        worker.shutdown(wait=False, cancel_futures=True)


def _wait(future: Any) -> Any:
    """Block for the answer but stay responsive to Ctrl-C (the main thread gets SIGINT between polls)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return future.result(timeout=0.05)
        except FutureTimeout:
            continue


def _warm_up(chat: Chat) -> None:
    """Open the store, the lexical index and the backend now, so the first answer is not the slow one."""
    try:
        chat.assistant.retriever.keyword_index  # noqa: B018 - loading is the point
        chat.assistant.backend(chat._backend)
    except Exception:  # the real question will report it properly
        pass
