"""How the assistant scales: 1k, 10k, 100k chunks, embedded and on a Chroma server.

For each size it writes a corpus of articles made of sentences sampled from the real articles (bundled and
Suez corpora), so BM25 and the cross-encoder read realistic text, then measures through the real CLI:
  ingest rate    chunks/s of `assistant ingest` (wall clock, model load included)
  cold ask       wall time of one `assistant ask` in a new process (Python start, models, index open)
  warm p50/p95   `Assistant.ask` in one process after a first question (what chat pays per question)
  peak RSS       of the ingest, the cold ask and the warm process (ru_maxrss)
  on disk        the index folder (embedded) or the server's data folder, and the keyword snapshot

Vectors: up to --real-embed-max chunks the real model embeds every record. Above it, embedding would take
hours on 2 cores (~400 texts/s; 100k chunks are ~550k texts with their sentences), so ingest runs with
synthetic unit vectors (deterministic per text) and the output says so; the query is still embedded by
the real model, and search, BM25, reranking and answering are the real code at full size.

  .venv/bin/python bench/scale.py                       # 1k and 10k, embedded and server
  .venv/bin/python bench/scale.py --sizes 100000        # CPU-heavy: minutes of writing; run it alone
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMA = str(Path(PY).parent / "chroma")
SOURCES = [ROOT / "corpus", ROOT / "evals" / "suites" / "suez-blockage" / "corpus"]
WORDS_PER_ARTICLE = 1500
QUESTIONS = [
    "why did ISKP target Pakistan's embassy?",
    "Who was killed in the attack on the Russian embassy?",
    "How many people died at the Longan Hotel?",
    "Which countries' diplomatic sites has ISKP threatened to attack?",
    "Why did the Ever Given run aground?",
    "How much compensation did the Suez Canal Authority demand?",
    "Who is Barnett Rubin?",
    "When was the ship refloated?",
    "What does ISKP want?",
    "Who leads the Taliban government?",
    "How long was the canal blocked?",
    "What did the dredgers do?",
]

# Run inside the ingest child when vectors are synthetic: the real indexer, a stand-in for the model only.
SYNTHETIC_INGEST = r"""
import hashlib, sys
from concurrent.futures import Future
import numpy as np
import assistant.retrieval.embed as embed

class SyntheticEmbedder:
    def __init__(self, *args, **kwargs):
        pass
    def _vector(self, text):
        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
        return (v / np.linalg.norm(v)).tolist()
    def submit_passages(self, texts):
        out = []
        for t in texts:
            f = Future(); f.set_result(self._vector(t)); out.append(f)
        return out
    def embed_passages(self, texts):
        return [self._vector(t) for t in texts]
    def embed_query(self, text):
        return self._vector(text)

embed.Embedder = SyntheticEmbedder
from assistant.cli import app
sys.argv = ["assistant"] + sys.argv[1:]
app()
"""

WARM = r"""
import json, sys, time
from assistant.api import Assistant
from assistant.settings import load_settings
questions = json.loads(sys.argv[1])
overrides = json.loads(sys.argv[2])
a = Assistant(load_settings(**overrides))
a.ask(questions[0])
times, cpu = [], []
for _ in range(2):
    for q in questions[1:]:
        t, c = time.perf_counter(), time.process_time()
        a.ask(q)
        times.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
print(json.dumps([times, cpu]))
"""


def sentences() -> list[str]:
    found: list[str] = []
    for folder in SOURCES:
        for f in sorted(folder.glob("*.txt")):
            for para in f.read_text(encoding="utf-8").split("\n"):
                found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 6]
    return found


def write_corpus(folder: Path, chunks: int, seed: int = 7) -> int:
    """About `chunks` chunks: articles of ~1,500 words, paragraphs of 3-6 sampled sentences."""
    pool = sentences()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    articles = max(1, round(chunks / 12))  # ~12 chunks per article with the default chunking
    for n in range(articles):
        words, paras = 0, []
        while words < WORDS_PER_ARTICLE:
            para = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
            paras.append(para)
            words += len(para.split())
        title = " ".join(rng.choice(pool).split()[:8]).rstrip(".,;:")
        (folder / f"a{n:06d}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return articles


def run(cmd: list[str], env: dict[str, str], timeout: float = 7200) -> tuple[float, float, str, str, float]:
    """(wall seconds, peak RSS MiB, stdout, stderr, CPU seconds) of one child process. On a shared machine
    the CPU time is the steadier figure: wall time includes waiting for other processes' turns."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:6])}… failed ({proc.returncode}): {stderr.strip()[-400:]}")
    return wall, usage.ru_maxrss / 1024, stdout, stderr, usage.ru_utime + usage.ru_stime


def du(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total / 2**20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(data.parent / "chroma.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    raise SystemExit("chroma run did not start")


def measure(size: int, mode: str, corpus: Path, work: Path, real_embed_max: int) -> dict:
    synthetic = size > real_embed_max
    env = {**os.environ, "NO_COLOR": "1", "ASSISTANT_HOME": str(work / "home")}
    env.pop("ASSISTANT_CONFIG", None)
    server = None
    if mode == "server":
        data = work / "server-data"
        data.mkdir(parents=True)
        server, url = start_server(data)
        where = ["--chroma-url", url]
    else:
        data = work / "index"
        where = ["--index", str(data)]
    try:
        ingest = (
            [PY, "-c", SYNTHETIC_INGEST, *where, "--collection", "scale", "ingest", str(corpus)]
            if synthetic
            else [PY, "-m", "assistant.cli", *where, "--collection", "scale", "ingest", str(corpus)]
        )
        ingest_s, ingest_rss, _, _, _ = run(ingest, env)
        import chromadb

        if server:
            client = chromadb.HttpClient(host="127.0.0.1", port=int(url.rsplit(":", 1)[1]))
        else:
            client = chromadb.PersistentClient(str(data))
        # one record a chunk: its sentences' vectors are in its metadata
        chunks = records = client.get_collection("scale").count()

        colds, cold_cpu = [], []
        cold_rss = 0.0
        for q in QUESTIONS[:3]:
            wall, rss, out, _, cpu = run(
                [PY, "-m", "assistant.cli", *where, "--collection", "scale", "ask", q], env
            )
            colds.append(wall)
            cold_cpu.append(cpu)
            cold_rss = max(cold_rss, rss)
        overrides = {"collection": "scale"}
        overrides.update({"chroma_url": url} if server else {"index_dir": str(data)})
        _, warm_rss, out, _, _ = run([PY, "-c", WARM, json.dumps(QUESTIONS), json.dumps(overrides)], env)
        warm, warm_cpu = (sorted(x) for x in json.loads(out))
        keyword = (
            du(data / "keyword")
            if not server
            else sum(du(p) for p in (work / "home" / "keyword-cache").glob("*") if p.is_dir())
        )
        return {
            "size": size,
            "mode": mode,
            "vectors": "synthetic" if synthetic else "real",
            "chunks": chunks,
            "records": records,
            "ingest_s": round(ingest_s, 1),
            "chunks_per_s": round(chunks / ingest_s, 1),
            "ingest_rss_mib": round(ingest_rss),
            "cold_ask_s": round(statistics.median(colds), 2),
            "cold_ask_cpu_s": round(statistics.median(cold_cpu), 2),
            "cold_rss_mib": round(cold_rss),
            "warm_p50_ms": round(statistics.median(warm)),
            "warm_p95_ms": round(warm[min(len(warm) - 1, int(0.95 * len(warm)))]),
            "warm_p50_cpu_ms": round(statistics.median(warm_cpu)),
            "warm_rss_mib": round(warm_rss),
            "load_avg": round(os.getloadavg()[0], 1),
            "disk_mib": round(du(data)),
            "keyword_mib": round(keyword, 1),
        }
    finally:
        if server:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="chunk counts, comma-separated")
    parser.add_argument("--modes", default="embedded,server")
    parser.add_argument("--real-embed-max", type=int, default=1000, help="above this, synthetic vectors")
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    rows = []
    header = (
        f"{'chunks':>7} {'records':>8} {'mode':>8} {'vectors':>9} {'ingest/s':>9} {'ingest RSS':>10} "
        f"{'cold ask (cpu)':>15} {'cold RSS':>8} {'warm p50 (cpu)':>15} {'warm p95':>8} {'warm RSS':>8} "
        f"{'disk':>8} {'bm25':>7} {'load':>5}"
    )
    print(header, flush=True)
    for size in [int(s) for s in args.sizes.split(",")]:
        base = Path(tempfile.mkdtemp(prefix=f"assistant-scale-{size}-"))
        corpus = base / "corpus"
        write_corpus(corpus, size)
        for mode in args.modes.split(","):
            work = base / mode
            work.mkdir()
            row = measure(size, mode, corpus, work, args.real_embed_max)
            rows.append(row)
            print(
                f"{row['chunks']:>7} {row['records']:>8} {mode:>8} {row['vectors']:>9} {row['chunks_per_s']:>9} "
                f"{row['ingest_rss_mib']:>7} MiB {row['cold_ask_s']:>6}s ({row['cold_ask_cpu_s']:>4}s) "
                f"{row['cold_rss_mib']:>4} MiB {row['warm_p50_ms']:>6} ms ({row['warm_p50_cpu_ms']:>4}) "
                f"{row['warm_p95_ms']:>5} ms {row['warm_rss_mib']:>4} MiB "
                f"{row['disk_mib']:>4} MiB {row['keyword_mib']:>3} MiB {row['load_avg']:>5}",
                flush=True,
            )
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if any(r["vectors"] == "synthetic" for r in rows):
        print(
            "synthetic: vectors are deterministic random unit vectors (embedding every record with the real "
            "model would take hours on 2 cores); the question is embedded by the real model."
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
