"""A briefing as Markdown with GitHub footnotes: each claim ends with [^n]; footnote n holds the quote,
its article and its exact place (paragraph and character offsets), so anyone can check it."""

from __future__ import annotations

import re

from assistant.brief.model import SECTION_TITLES, Briefing, Claim
from assistant.schema import Citation

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape(text: str) -> str:
    """Markdown-inert text: the article's own brackets and asterisks must not become links or emphasis."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def unescape(text: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]<>#|~])", r"\1", text)


def _marks(claim: Claim) -> str:
    return "".join(f"[^{n}]" for n in claim.citations)


def _line(claim: Claim) -> str:
    return f"{escape(claim.text)}{_marks(claim)}"


def footnote(c: Citation) -> str:
    byline = ", ".join(x for x in (c.author, c.date) if x)
    where = f"`{c.source}` ¶{c.paragraph}, characters {c.start}–{c.end}"
    title = escape(c.title) + (f" ({escape(byline)})" if byline else "")
    return f"[^{c.n}]: “{escape(c.quote)}” — {title}, {where}"


def render_markdown(briefing: Briefing) -> str:
    s = briefing.sections
    out = [f"# Briefing: {escape(briefing.topic)}", ""]
    out.append(
        f"*{len(briefing.sources)} sources, {len(briefing.citations)} quotations; made {briefing.generated} "
        f"({briefing.backend}). Every claim is quoted from a source: its footnote gives the quote and where "
        "it stands.*"
    )
    bottom = s["bottom_line"]
    out += ["", f"## {SECTION_TITLES['bottom_line']}", ""]
    out.append(" ".join(_line(c) for c in bottom.claims) if bottom.claims else f"*{escape(bottom.how)}*")

    out += ["", f"## {SECTION_TITLES['key_points']}", ""]
    out += [f"- {_line(c)}" for c in s["key_points"].claims] or ["*No further points.*"]

    out += ["", f"## {SECTION_TITLES['timeline']}", ""]
    for event in s["timeline"].events:
        if len(event.accounts) == 1 and not event.disputed:
            a = event.accounts[0]
            note = f" *({escape(a.note)})*" if a.note else ""
            out.append(f"- **{escape(event.date)}**{note} — {_line(a.claim)}")
            continue
        flag = " — *the sources disagree on the date*" if event.disputed else ""
        out.append(f"- **{escape(event.date)}**{flag}")
        for a in event.accounts:
            note = f" *({escape(a.note)})*" if a.note else ""
            out.append(f"  - {escape(a.date)}{note}: {_line(a.claim)}")
    if not s["timeline"].events:
        out.append("*The retrieved passages date no events.*")

    out += ["", f"## {SECTION_TITLES['disagreements']}", ""]
    for item in s["disagreements"].items:
        note = f" *({escape(item.note)})*" if item.note else ""
        out.append(f"- **{escape(item.about[:1].upper() + item.about[1:])}**{note}")
        for side in item.sides:
            out.append(f"  - *{escape(side.value)}*: {_line(side.claim)}")
    if not s["disagreements"].items:
        out.append("*No disagreement found between the sources on this topic.*")

    out += ["", f"## {SECTION_TITLES['gaps']}", ""]
    out += [f"- **{escape(g.question)}** {escape(g.reason)}" for g in s["gaps"].gaps]
    if not s["gaps"].gaps:
        asked = "; ".join(s["gaps"].checked)
        out.append(
            f"*Every standard question was answered ({escape(asked)}).*" if asked else "*Not checked.*"
        )

    out += ["", f"## {SECTION_TITLES['sources']}", ""]
    for src in briefing.sources:
        meta = ", ".join(escape(x) for x in (src.author, src.publisher, src.date) if x)
        url = f" <{src.url}>" if src.url else ""
        cited = ", ".join(src.sections)
        out.append(
            f"- **{escape(src.title)}**{' — ' + meta if meta else ''}.{url} `{src.source}` — cited in: {cited}"
        )

    if not briefing.sources:
        out.append("*None cited.*")
    out += ["", "---", "", "*How each section was made:*", ""]
    for name, section in s.items():
        out.append(f"- {SECTION_TITLES[name]}: {section.method} — {escape(section.how)}")
    out.append("")
    out += [footnote(c) for c in briefing.citations]
    return "\n".join(out) + "\n"
