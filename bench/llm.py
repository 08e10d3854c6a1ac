"""Per answer: prompt tokens, time to first token and total, for extractive and for the openai backend.

    python bench/llm.py [--base-url URL] [--model NAME] [--chunks] [-n N]

Without --base-url it starts `python -m llama_cpp.server` with the packaged model (the `local` extra) on a
free local port and stops it by PID at the end. --chunks also runs the openai backend with five whole
retrieved chunks numbered instead of sentence spans (the design the sentence spans replaced), to show
what the prompt size costs. Questions: the answerable cases of evals/llm_subset.jsonl (first N).
Prints one line per answer and the medians.
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


def start_server(threads: int) -> tuple[subprocess.Popen, str]:
    from assistant.answer.backends.local import assemble_model
    from assistant.settings import load_settings

    gguf = assemble_model(load_settings().local.cache_dir)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "packaged-qwen",
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", str(threads)],
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


def _count_tokens(messages) -> int:
    """Prompt tokens as the packaged model's tokenizer counts them (its chat template adds ~10 more)."""
    if not _VOCAB:
        from llama_cpp import Llama

        from assistant.answer.backends.local import assemble_model
        from assistant.settings import load_settings

        path = assemble_model(load_settings().local.cache_dir)
        _VOCAB.append(Llama(model_path=str(path), vocab_only=True, verbose=False))
    text = "\n".join(m["content"] for m in messages)
    return len(_VOCAB[0].tokenize(text.encode("utf-8"), add_bos=False))


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
    args = parser.parse_args()

    proc = None
    base = args.base_url
    if base is None:
        proc, base = start_server(args.threads)
    os.environ["OPENAI_BASE_URL"] = base
    os.environ["ASSISTANT_OPENAI__MODEL"] = args.model
    try:
        from assistant.api import Assistant
        from assistant.settings import load_settings

        cases = [json.loads(line) for line in (ROOT / "evals" / "llm_subset.jsonl").read_text().splitlines()]
        questions = [c["question"] for c in cases if c.get("answerable", True)][: args.n]
        runs = [("extractive", "sentences"), ("openai", "sentences")]
        if args.chunks:
            runs.append(("openai", "chunks"))
        for backend, context in runs:
            bot = Assistant(load_settings(llm={"context": context}))
            bot.ask(questions[0], backend=backend)  # warm: models, store, the server's prompt prefix
            label = backend if backend == "extractive" else f"{backend}, numbered {context}"
            totals, firsts, prompts = [], [], []
            print(f"\n{label}")
            print(f"{'prompt tok':>10} {'first s':>8} {'total s':>8}  refused  question")
            for q in questions:
                t0 = time.perf_counter()
                answer = bot.ask(q, backend=backend)
                total = time.perf_counter() - t0
                stats = getattr(bot.backend(backend), "last_stats", None)
                tokens = stats.prompt_tokens if stats else None
                prompt = getattr(bot.backend(backend), "last_prompt", None)
                if tokens is None and prompt and stats and stats.first_token_s is not None:
                    tokens = _count_tokens(prompt)  # llama.cpp's server sends no usage when streaming
                first = stats.first_token_s if stats else None
                totals.append(total)
                firsts += [first] if first is not None else []
                prompts += [tokens] if tokens is not None else []
                print(
                    f"{_show(tokens, 'd'):>10} {_show(first, '.2f'):>8} {total:8.2f}  {answer.refused!s:7}  {q[:60]}"
                )
            median_first = statistics.median(firsts) if firsts else None
            median_prompt = statistics.median(prompts) if prompts else None
            print(
                f"median: prompt tokens {_show(median_prompt, '.0f')}, first token {_show(median_first, '.2f')} s, "
                f"total {statistics.median(totals):.2f} s ({len(totals)} answers)"
            )
    finally:
        if proc is not None:
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
