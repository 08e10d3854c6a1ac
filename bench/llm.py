"""Per answer: prompt tokens, time to first token and total, for extractive and for the openai backend.

    python bench/llm.py [--base-url URL] [--model NAME] [--chunks] [-n N] [--vs "SERVER ARGS"]

Without --base-url it starts `python -m llama_cpp.server` with the packaged model (the `local` extra) on a
free local port, with the settings README recommends (SERVER_ARGS), and stops it by PID at the end.
--chunks also runs the openai backend with five whole retrieved chunks numbered instead of sentence spans
(the design the sentence spans replaced), to show what the prompt size costs. --vs starts a second server
with other arguments (e.g. --vs "--logits_all true") and asks both each question in turn, alternating
which goes first, so a shared machine's load falls on both alike. Questions: the answerable cases of
evals/llm_subset.jsonl (first N). Prints one line per answer and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What a user would run too (README, "Answers written by an LLM"). --logits_all false: the server's default
# (true) computes and copies the whole vocabulary's logits for every prompt token; only logprobs need them.
SERVER_ARGS = ["--n_ctx", "2048", "--logits_all", "false"]


def start_server(threads: int, extra: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    from assistant.answer.backends.local import assemble_model
    from assistant.settings import load_settings

    gguf = assemble_model(load_settings().local.cache_dir)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "packaged-qwen",
         "--host", "127.0.0.1", "--port", str(port), "--n_threads", str(threads), *SERVER_ARGS, *(extra or [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/models", timeout=5):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(1)
    os.kill(proc.pid, signal.SIGTERM)
    raise SystemExit("llama_cpp.server did not start")


_VOCAB = []


def _tokens(messages) -> list[int]:
    """The prompt as the server's chat template lays it out (Qwen2.5's), in the packaged model's tokens."""
    if not _VOCAB:
        from llama_cpp import Llama

        from assistant.answer.backends.local import assemble_model
        from assistant.settings import load_settings

        path = assemble_model(load_settings().local.cache_dir)
        _VOCAB.append(Llama(model_path=str(path), vocab_only=True, verbose=False))
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return _VOCAB[0].tokenize(f"{text}<|im_start|>assistant\n".encode(), add_bos=False, special=True)


def _new_tokens(tokens: list[int], previous: list[int]) -> int:
    """Tokens the server evaluates: the prompt after the prefix it shares with the previous prompt (the
    server keeps that prefix's KV cache)."""
    shared = 0
    for a, b in zip(tokens, previous, strict=False):
        if a != b:
            break
        shared += 1
    return len(tokens) - shared


def _show(value, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url")
    parser.add_argument("--model", default="packaged-qwen")
    parser.add_argument("--chunks", action="store_true")
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--vs", help="arguments of a second llama_cpp.server to compare with, interleaved")
    args = parser.parse_args()

    procs: list[subprocess.Popen] = []
    base = args.base_url
    if base is None:
        proc, base = start_server(args.threads)
        procs.append(proc)
    os.environ["OPENAI_BASE_URL"] = base
    os.environ["ASSISTANT_OPENAI__MODEL"] = args.model
    try:
        from assistant.api import Assistant
        from assistant.settings import load_settings

        cases = [json.loads(line) for line in (ROOT / "evals" / "llm_subset.jsonl").read_text().splitlines()]
        questions = [c["question"] for c in cases if c.get("answerable", True)][: args.n]
        arms = [
            ("extractive", "extractive", "sentences", base),
            ("openai, numbered sentences", "openai", "sentences", base),
        ]
        if args.chunks:
            arms.append(("openai, numbered chunks", "openai", "chunks", base))
        if args.vs:
            proc, other = start_server(args.threads, args.vs.split())
            procs.append(proc)
            arms.append((f"openai, numbered sentences, server {args.vs}", "openai", "sentences", other))
        bots = []
        previous: dict[str, list[int]] = {}  # per server, the prompt it holds evaluated
        for _label, backend, context, url in arms:
            bot = Assistant(load_settings(llm={"context": context}, openai={"base_url": url}))
            bot.ask(questions[0], backend=backend)  # warm: models, store, the server's prompt prefix
            if (prompt := getattr(bot.backend(backend), "last_prompt", None)) is not None:
                previous[url] = _tokens(prompt)
            bots.append(bot)
        rows: list[list[tuple]] = [[] for _ in arms]
        for i, q in enumerate(questions):
            order = list(range(len(arms)))
            for k in order if i % 2 == 0 else order[::-1]:  # alternate who goes first
                _label, backend, _context, url = arms[k]
                bot = bots[k]
                t0 = time.perf_counter()
                answer = bot.ask(q, backend=backend)
                total = time.perf_counter() - t0
                be = bot.backend(backend)
                stats, prompt = getattr(be, "last_stats", None), getattr(be, "last_prompt", None)
                tokens = evaluated = None
                if backend != "extractive" and prompt and stats and stats.first_token_s is not None:
                    ids = _tokens(prompt)  # llama.cpp's server sends no usage when streaming
                    tokens, evaluated = len(ids), _new_tokens(ids, previous.get(url, []))
                    previous[url] = ids
                first = stats.first_token_s if stats else None
                words = len(getattr(be, "last_text", None) or "") and len(be.last_text.split())
                rows[k].append((tokens, evaluated, first, total, words, answer.refused, q))
        for (label, *_), table in zip(arms, rows, strict=True):
            print(f"\n{label}")
            print(
                f"{'prompt tok':>10} {'new tok':>8} {'first s':>8} {'total s':>8} {'words':>5}  refused  question"
            )
            for tokens, evaluated, first, total, words, refused, q in table:
                print(
                    f"{_show(tokens, 'd'):>10} {_show(evaluated, 'd'):>8} {_show(first, '.2f'):>8} {total:8.2f} "
                    f"{words or 0:5d}  {refused!s:7}  {q[:50]}"
                )

            def med(i: int, table: list[tuple] = table) -> float | None:
                vals = [r[i] for r in table if r[i] is not None]
                return statistics.median(vals) if vals else None

            print(
                f"median: prompt tokens {_show(med(0), '.0f')} ({_show(med(1), '.0f')} evaluated), first token "
                f"{_show(med(2), '.2f')} s, total {_show(med(3), '.2f')} s ({len(table)} answers)"
            )
    finally:
        for proc in procs:
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
