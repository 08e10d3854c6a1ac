"""Cited briefings (issue 11): `assistant brief` and `/brief`, on the bundled corpus and on the second
suite's, in Markdown, JSON and HTML; every claim's quote equals its file's text at its offsets; the HTML
checked in real headless Chromium."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, run_cli

from assistant.brief.disagreements import figures
from assistant.brief.gaps import READER_QUESTIONS, open_reason
from assistant.brief.render_md import unescape
from assistant.brief.when import find_mentions, resolve
from assistant.schema import Answer, Citation

TOPIC = "ISKP attacks on diplomatic missions in Kabul"
SUEZ = ROOT / "evals" / "suites" / "suez-blockage" / "corpus"
CLAIM_SECTIONS = ("Bottom line", "Key points", "Timeline", "Where the sources disagree")


def _file_text(source: str) -> str:
    for folder in (CORPUS, SUEZ):
        if (folder / source).is_file():
            return (folder / source).read_text(encoding="utf-8")
    raise AssertionError(f"no file {source}")


def _brief(index: Path, *args: str, collection: str | None = None) -> subprocess.CompletedProcess:
    extra = ["--collection", collection] if collection else []
    return run_cli("--index", str(index), *extra, "brief", *args)


@pytest.fixture(scope="module")
def bundled_json(built_index: Path) -> dict:
    result = _brief(built_index, TOPIC, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def bundled_md(built_index: Path) -> str:
    result = _brief(built_index, TOPIC)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def bundled_html(built_index: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("brief") / "brief.html"
    result = _brief(built_index, TOPIC, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "written to" in result.stderr and result.stdout == ""
    return target


@pytest.fixture(scope="module")
def suez_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("suez-index")
    result = run_cli("--index", str(index), "--collection", "suez", "ingest", str(SUEZ))
    assert result.returncode == 0, result.stderr
    return index


# -- done when: the ISKP briefing --------------------------------------------------------------------------
def _timeline(data: dict) -> list[dict]:
    return data["sections"]["timeline"]["events"]


def test_timeline_orders_the_russian_embassy_dispute_before_the_pakistani_embassy_attack(bundled_json):
    events = _timeline(bundled_json)
    dated = [e["sort_date"] for e in events if e["sort_date"]]
    assert dated == sorted(dated)
    russian = next(
        i for i, e in enumerate(events) if any("Russian" in a["claim"]["text"] for a in e["accounts"])
    )
    event = events[russian]
    assert event["disputed"] and event["date"] == "5 or 6 September 2022"
    assert {a["iso"] for a in event["accounts"]} >= {"2022-09-05", "2022-09-06"}
    sources = {a["claim"]["source"] for a in event["accounts"]}
    assert len(sources) >= 2, "both sides come from different articles"
    pakistani = next(
        i
        for i, e in enumerate(events)
        if any("Pakistani Embassy" in a["claim"]["text"] for a in e["accounts"])
    )
    assert events[pakistani]["date"] == "2 December 2022" and events[pakistani]["sort_date"] == "2022-12-02"
    assert russian < pakistani


def test_the_date_disagreement_is_reported_with_both_sides_cited(bundled_json):
    items = bundled_json["sections"]["disagreements"]["items"]
    dates = [d for d in items if d["kind"] == "date"]
    assert dates, items
    values = {s["value"] for s in dates[0]["sides"]}
    assert {"5 September 2022", "6 September 2022"} <= values
    assert all(s["claim"]["citations"] for s in dates[0]["sides"])


def test_an_approximate_date_is_shown_as_approximate_and_resolved_against_the_article_date(bundled_json):
    approx = [a for e in _timeline(bundled_json) for a in e["accounts"] if a["approximate"] or a["inferred"]]
    assert approx and all(a["note"] for a in approx if a["inferred"]), (
        "an inferred part says where it came from"
    )
    shown = ("≈", "around", "early", "mid", "late", "before", "week of")
    assert all(a["date"].startswith(shown) for a in approx if a["approximate"]), (
        "approximate is shown as such"
    )
    assert any("article dated" in (a["note"] or "") for a in approx), (
        "a relative date resolved on the article's"
    )


def test_every_section_records_how_it_was_made(bundled_json):
    sections = bundled_json["sections"]
    assert set(sections) == {"bottom_line", "key_points", "timeline", "disagreements", "gaps"}
    assert all(s["method"] == "extractive" and s["how"] for s in sections.values())


def test_key_points_are_three_to_seven_distinct_cited_sentences(bundled_json):
    from assistant.brief.keypoints import redundant

    points = bundled_json["sections"]["key_points"]["claims"]
    assert 3 <= len(points) <= 7
    bottom = bundled_json["sections"]["bottom_line"]["claims"]
    assert 2 <= len(bottom) <= 3
    texts = [c["text"] for c in bottom + points]
    assert not any(redundant(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :])


def test_sources_list_metadata_and_the_sections_citing_each(bundled_json):
    sources = {s["source"]: s for s in bundled_json["sources"]}
    cited = {c["source"] for c in bundled_json["citations"]}
    assert set(sources) == cited
    assert all(s["sections"] and s["title"] for s in sources.values())
    dated = sources.get("004_652f748723ad7994.txt")
    assert dated and dated["author"] == "Michael Hughes" and dated["date"] == "2023-02-11"


# -- every claim line cites a quote equal to the file's text at its offsets, in all three formats ----------
def test_json_every_claim_cites_verbatim_quotes(bundled_json):
    citations = {c["n"]: c for c in bundled_json["citations"]}
    claims = _json_claims(bundled_json)
    assert len(claims) >= 10
    for claim in claims:
        assert claim["citations"], claim
        for n in claim["citations"]:
            c = citations[n]
            assert _file_text(c["source"])[c["start"] : c["end"]] == c["quote"]
    assert sorted(citations) == list(range(1, len(citations) + 1))


def _json_claims(data: dict) -> list[dict]:
    s = data["sections"]
    claims = s["bottom_line"].get("claims", []) + s["key_points"].get("claims", [])
    claims += [a["claim"] for e in s["timeline"].get("events", []) for a in e["accounts"]]
    claims += [side["claim"] for d in s["disagreements"].get("items", []) for side in d["sides"]]
    return claims


_FOOTNOTE = re.compile(r"^\[\^(\d+)\]: “(.*)” — .*`([^`]+)` ¶\d+, characters (\d+)–(\d+)$")
_MARK = re.compile(r"\[\^(\d+)\]")


def test_markdown_every_claim_line_cites_verbatim_quotes(bundled_md):
    lines = bundled_md.splitlines()
    notes = {}
    for line in lines:
        if m := _FOOTNOTE.match(line):
            n, quote, source, start, end = m.groups()
            assert _file_text(source)[int(start) : int(end)] == unescape(quote), line
            notes[int(n)] = source
    section, claim_lines = None, 0
    for line in lines:
        if line.startswith("## "):
            section = line[3:]
            continue
        if section not in CLAIM_SECTIONS or not line.strip():
            continue
        if section == "Bottom line":
            sentences = [p for p in _MARK.split(line)[::2] if p.strip()]
            assert line.rstrip().endswith("]") and len(sentences) <= len(_MARK.findall(line)), line
        elif line.lstrip().startswith("- **") and line.rstrip().endswith("*") and "[^" not in line:
            continue  # an event or disagreement heading: its accounts below carry the claims
        claim_lines += 1
        marks = [int(n) for n in _MARK.findall(line)]
        assert marks and all(n in notes for n in marks), line
    assert claim_lines >= 10
    assert set(notes) == set(range(1, len(notes) + 1))


class _Page(HTMLParser):
    """Citation links, claim spans and notes of the briefing page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, title)
        self.ids: set[str] = set()
        self.notes: dict[str, dict] = {}
        self.claims = 0
        self.claims_cited = 0
        self._in: str | None = None
        self._note: str | None = None
        self._text = ""
        self._after_claim = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "li" and a.get("id", "").startswith("note-"):
            self._note = a["id"]
            self.notes[a["id"]] = {
                "source": a["data-source"],
                "start": int(a["data-start"]),
                "end": int(a["data-end"]),
            }
        if tag == "span" and a.get("class") in {"claim", "quote"}:
            self._in, self._text = a["class"], ""
        if tag == "a" and a.get("class") == "cite":
            self.links.append((a["href"], a.get("title", "")))
            if self._after_claim:
                self.claims_cited += 1
                self._after_claim = False

    def handle_endtag(self, tag):
        if tag == "span" and self._in == "claim":
            self.claims += 1
            self._after_claim = True
        elif tag == "span" and self._in == "quote" and self._note:
            self.notes[self._note]["quote"] = self._text[1:-1]  # without the curly quotes around it
        if tag == "span":
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def test_html_every_claim_cites_verbatim_quotes_and_every_link_resolves(bundled_html):
    page = _Page()
    page.feed(bundled_html.read_text(encoding="utf-8"))
    assert page.claims >= 10 and page.claims_cited == page.claims, "every claim is followed by its citation"
    assert page.links and all(href[1:] in page.ids for href, _ in page.links)
    for note in page.notes.values():
        assert _file_text(note["source"])[note["start"] : note["end"]] == note["quote"]
    for href, title in page.links:
        quote = " ".join(page.notes[href[1:]]["quote"].split())
        assert quote in title, "hovering a citation shows its quote"
    html = bundled_html.read_text(encoding="utf-8")
    assert "@media print" in html and not re.search(r"""(?:src|href)=["']https?:|@import|<script""", html)


# -- the HTML in real headless Chromium ---------------------------------------------------------------------
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe",
]  # fmt: skip


class Chromium:
    """Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out): no driver, no port."""

    def __init__(self, profile: Path):
        binary = shutil.which("chromium") or "/usr/bin/chromium"
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def wire() -> None:
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(timeout)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._in], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, EOFError, OSError, AssertionError):
            self.send("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._in)
        os.close(self._out)


_CHECK_PAGE = """(() => {
  const links = [...document.querySelectorAll('a[href^="#"]')];
  const cites = [...document.querySelectorAll('a.cite')];
  return {
    links: links.length,
    cites: cites.length,
    missing: links.map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1))),
    untitled: cites.filter(a => !a.title).length,
    notes: document.querySelectorAll('ol.notes li').length,
    heading: document.querySelector('h1').textContent,
    external: [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src')),
  };
})()"""


def test_html_loads_in_headless_chromium_with_no_errors_and_every_citation_resolves(bundled_html, tmp_path):
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.fail(
            "chromium is not installed: `make system-deps` installs it (DEB_PACKAGES in the Makefile)"
        )
    browser = Chromium(tmp_path / "profile")
    try:
        page = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": page, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 900, "height": 1400, "deviceScaleFactor": 1, "mobile": False}, session)  # fmt: skip
        browser.events.clear()
        browser.send("Page.navigate", {"url": bundled_html.as_uri()}, session)
        browser.wait_for("Page.loadEventFired")
        result = browser.send("Runtime.evaluate", {"expression": _CHECK_PAGE, "returnByValue": True}, session)
        checks = result["result"]["value"]
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session)
        # Follow one citation as a reader would: its note becomes the :target.
        browser.send("Runtime.evaluate", {"expression": "document.querySelector('a.cite').click()"}, session)
        target = browser.send(
            "Runtime.evaluate",
            {"expression": "document.querySelector(':target') && document.querySelector(':target').id",
             "returnByValue": True},
            session,
        )["result"].get("value")  # fmt: skip
        pdf = browser.send("Page.printToPDF", {"printBackground": False}, session)
    finally:
        browser.close()
    errors = [
        e for e in browser.events
        if e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in {"error", "assert"})
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]  # fmt: skip
    assert errors == []
    assert checks["heading"].startswith("Briefing:") and checks["external"] == []
    assert checks["cites"] >= 10 and checks["missing"] == [] and checks["untitled"] == 0
    assert checks["notes"] >= 10
    assert target and target.startswith("note-")
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")
    (tmp_path / "brief.png").write_bytes(png)
    notes = Path("/work/notes")
    if notes.is_dir() and os.access(notes, os.W_OK):
        (notes / "brief.png").write_bytes(png)  # for the issue's note


# -- another topic: the second eval suite's corpus ---------------------------------------------------------
def test_a_brief_on_the_second_suite_corpus_is_just_as_complete(suez_index):
    result = _brief(
        suez_index, "the Ever Given blocking the Suez Canal", "--format", "json", collection="suez"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    s = data["sections"]
    assert 2 <= len(s["bottom_line"]["claims"]) <= 3
    assert 3 <= len(s["key_points"]["claims"]) <= 7
    events = s["timeline"]["events"]
    assert len(events) >= 3
    dated = [e["sort_date"] for e in events if e["sort_date"]]
    assert dated == sorted(dated) and all(d.startswith("2021") for d in dated)
    assert s["disagreements"].get("items"), "the posts disagree on figures"
    assert any(d["kind"] == "figure" for d in s["disagreements"]["items"])
    assert s["gaps"].get("gaps")
    assert len(data["sources"]) >= 4 and all(src["publisher"] == "Old Salt Blog" for src in data["sources"])
    citations = {c["n"]: c for c in data["citations"]}
    for claim in _json_claims(data):
        for n in claim["citations"]:
            c = citations[n]
            assert _file_text(c["source"])[c["start"] : c["end"]] == c["quote"]


# -- bad input: one line, exit 2 ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, says",
    [
        (["   "], "empty"),
        ([TOPIC, "--source", "nope.txt"], "Unknown source"),
        ([TOPIC, "--format", "pdf"], "Unknown format"),
        ([TOPIC, "-o", "/nonexistent-folder/brief.md"], "Cannot write"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(built_index, args, says):
    result = _brief(built_index, *args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in result.stderr


# -- /brief in chat --------------------------------------------------------------------------------------------
def test_slash_brief_writes_the_conversation_topic_to_a_file(built_index, tmp_path):
    target = tmp_path / "chat-brief.html"
    lines = "\n".join(["Which Pakistani diplomat did ISKP try to assassinate?", "When did that happen?",
                       f"/brief {target}", "/brief"]) + "\n"  # fmt: skip
    result = run_cli("--index", str(built_index), "chat", input=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    written, shown = out[2], out[3]
    assert "written to" in written["output"] and "Which Pakistani diplomat" in written["output"]
    html = target.read_text(encoding="utf-8")
    assert "<h1>Briefing: Which Pakistani diplomat did ISKP try to assassinate?</h1>" in html
    assert shown["output"].startswith("# Briefing: Which Pakistani diplomat") and "[^1]:" in shown["output"]


def test_slash_brief_without_a_question_says_what_to_do(built_index):
    result = run_cli("--index", str(built_index), "chat", input="/brief\n")
    out = json.loads(result.stdout.splitlines()[0])
    assert "ask a question first" in out["error"]


# -- the parts ------------------------------------------------------------------------------------------------
def _resolved(sentence: str, article: str | None):
    mention = find_mentions(sentence)[0]
    return resolve(mention, date.fromisoformat(article) if article else None, sentence)


def test_relative_dates_resolve_against_the_article_date_and_stay_approximate():
    friday = _resolved("On Friday, the ambassador criticised the movement.", "2023-02-11")
    assert (friday.year, friday.month, friday.day) == (2023, 2, 10) and friday.approximate
    assert "article dated 11 February 2023" in friday.note
    ahead = _resolved("A high tide on Monday may allow salvors to refloat the ship.", "2021-03-27")
    assert (ahead.month, ahead.day) == (3, 29), "a hoped-for Monday is the next one"
    assert _resolved("The minister resigned last month.", "2022-03-15").label == "≈ February 2022"
    if_monday = _resolved(
        "In the event that the ship cannot be refloated on Monday, cranes come in.", "2021-03-28"
    )
    assert (if_monday.month, if_monday.day) == (3, 29), "a condition looks ahead"
    assert _resolved("It happened on Friday.", None) is None, "no article date, no guess"


def test_partial_dates_are_marked_as_inferred_or_approximate():
    yearless = _resolved("The ship was freed on March 29th.", "2021-04-13")
    assert yearless.label == "29 March [2021]" and yearless.inferred and not yearless.approximate
    assert _resolved("The talks began in early 2022.", None).label == "early 2022"
    assert _resolved("It was founded around 2017.", None).approximate
    exact = _resolved("On December 2, 2022, there was an attack.", None)
    assert exact.label == "2 December 2022" and not exact.inferred and not exact.approximate


def test_figures_know_what_they_count():
    found = {
        f.unit: f
        for f in figures("About two-dozen people were wounded and $916 million was claimed, 12% of it.")
    }
    assert found["peopl"].value == 24 and found["peopl"].hedged
    assert found["money"].value == 916e6 and found["percent"].value == 12
    assert figures("On 5 September 2022 the talks began.") == [], "a date is not a figure"


def test_an_answer_without_the_fact_asked_for_leaves_the_question_open():
    killed = next(q for q in READER_QUESTIONS if q.needs == "dead")
    cite = Citation(1, "a.txt", "A", None, None, 1, 0, 10, "The attack shocked the city.", "c", 1.0)
    answer = Answer("q", "q", "The attack shocked the city. [1]", False, citations=[cite])
    assert "death toll" in open_reason(killed, answer)
    cite.quote = "The attack killed six people."
    assert open_reason(killed, answer) is None


def test_the_brief_package_knows_no_corpus():
    words = re.compile(
        r"iskp|daesh|taliban|kabul|khorasan|suez|ever given|evergreen|embass|liblzma|jia tan|lasse collin|xz utils",
        re.I,
    )
    hits = [
        f"{path.name}:{n}"
        for path in (ROOT / "assistant" / "brief").glob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if words.search(line)
    ]
    assert hits == []


# -- an LLM backend: its prose is verified before it reaches the page -----------------------------------------
def test_an_llm_bottom_line_keeps_only_verified_sentences_and_says_how_it_was_made(built_index):
    """`Echo` stands in for the model's text only (no endpoint here): it restates the sentence the extractive
    analysis put first (span [1] holds it, with its neighbours) word for word and adds an invented claim
    citing [2]. Retrieval, verification and the files are real."""
    from assistant.answer.generate import GenerationStats, LLMBackend
    from assistant.api import Assistant
    from assistant.brief.build import build_briefing
    from assistant.settings import load_settings

    invented = "ISKP also bombed the Louvre in Paris on 1 May 1999"

    class Echo(LLMBackend):
        name = "openai"

        def complete(self, messages, *, max_tokens, on_token=None):
            assert lead in messages[-1]["content"]
            return f"{lead.rstrip('.')} [1]. {invented} [2].", GenerationStats()

    bot = Assistant(load_settings(index_dir=built_index))
    lead = bot.ask(TOPIC).citations[0].quote
    bot._backends["openai"] = Echo(bot.resources)
    briefing = build_briefing(bot, TOPIC, backend="openai")
    bottom = briefing.sections["bottom_line"]
    assert bottom.method == "openai" and bottom.claims, "the model's verified sentence is the bottom line"
    assert briefing.sections["key_points"].method == "extractive"
    assert all(invented not in claim.text for _, claim in briefing.claims())
    for citation in briefing.citations:
        assert _file_text(citation.source)[citation.start : citation.end] == citation.quote
