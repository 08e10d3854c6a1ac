"""A briefing as one self-contained HTML page: inline CSS, no scripts, no external resources.

Each citation is a link to the note holding its quote (the note is highlighted when reached), and its
`title` shows the quote on hover. Printed, the notes follow the text and links print as plain text.
"""

from __future__ import annotations

from html import escape

from assistant.brief.model import SECTION_TITLES, Briefing, Claim
from assistant.schema import Citation

_CSS = """
:root { --ink: #1d232a; --muted: #5b6570; --rule: #d8dde3; --accent: #0b5cad; --mark: #fff3b0; }
* { box-sizing: border-box; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 46rem;
       margin: 2rem auto; padding: 0 1.2rem; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; margin-bottom: .3rem; }
h2 { font: 600 1.05rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em;
     color: var(--muted); border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
.meta, .how { font: .85rem/1.4 system-ui, sans-serif; color: var(--muted); }
ul { padding-left: 1.2rem; } li { margin: .35rem 0; }
.date { font-weight: 600; white-space: nowrap; }
.note { color: var(--muted); font-style: italic; }
.disputed { color: #9a3412; font: 600 .8rem system-ui, sans-serif; margin-left: .4rem; }
.side { font-style: italic; }
sup { line-height: 0; }
a.cite { color: var(--accent); text-decoration: none; font: 600 .75rem system-ui, sans-serif;
         padding: 0 .1rem; }
a.cite:hover, a.cite:focus { text-decoration: underline; background: var(--mark); }
ol.notes { font-size: .9rem; padding-left: 1.6rem; }
ol.notes li { padding: .2rem .3rem; border-radius: 3px; }
ol.notes li:target { background: var(--mark); }
.quote { font-style: italic; }
.where { color: var(--muted); font: .8rem system-ui, sans-serif; }
a.back { text-decoration: none; color: var(--muted); }
table.sources { border-collapse: collapse; width: 100%; font: .85rem/1.4 system-ui, sans-serif; }
table.sources th, table.sources td { text-align: left; vertical-align: top; padding: .3rem .4rem;
                                      border-bottom: 1px solid var(--rule); }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; }
  a { color: #000; }
  a.cite { color: #000; }
  a.back { display: none; }
  h2 { break-after: avoid; color: #000; }
  li, tr { break-inside: avoid; }
  ol.notes li:target { background: none; }
}
"""


def _cite(claim: Claim, by_n: dict[int, Citation]) -> str:
    links = []
    for n in claim.citations:
        c = by_n[n]
        hover = f"“{' '.join(c.quote.split())}” — {c.source} ¶{c.paragraph}"
        links.append(f'<sup><a class="cite" href="#note-{n}" title="{escape(hover)}">[{n}]</a></sup>')
    return "".join(links)


def _claim(claim: Claim, by_n: dict[int, Citation]) -> str:
    return f'<span class="claim">{escape(claim.text)}</span>{_cite(claim, by_n)}'


def render_html(briefing: Briefing) -> str:
    by_n = {c.n: c for c in briefing.citations}
    s = briefing.sections
    body: list[str] = [f"<h1>Briefing: {escape(briefing.topic)}</h1>"]
    body.append(
        f'<p class="meta">{len(briefing.sources)} sources, {len(briefing.citations)} quotations; made '
        f"{escape(briefing.generated)} ({escape(briefing.backend)}). Every claim is quoted from a source: "
        "hover over a citation to read its quote, or follow it to the note.</p>"
    )

    def heading(name: str) -> None:
        section = s.get(name)
        body.append(f'<section id="{name}"><h2>{SECTION_TITLES[name]}</h2>')
        if section is not None:
            body.append(f'<p class="how">{escape(section.method)}: {escape(section.how)}</p>')

    heading("bottom_line")
    claims = s["bottom_line"].claims
    body.append("<p>" + " ".join(_claim(c, by_n) for c in claims) + "</p>" if claims else "<p>No answer.</p>")
    body.append("</section>")

    heading("key_points")
    body.append("<ul>" + "".join(f"<li>{_claim(c, by_n)}</li>" for c in s["key_points"].claims) + "</ul>")
    body.append("</section>")

    heading("timeline")
    items = []
    for event in s["timeline"].events:
        flag = '<span class="disputed">sources disagree on the date</span>' if event.disputed else ""
        if len(event.accounts) == 1 and not event.disputed:
            a = event.accounts[0]
            note = f' <span class="note">({escape(a.note)})</span>' if a.note else ""
            items.append(
                f'<li><span class="date">{escape(event.date)}</span>{note} — {_claim(a.claim, by_n)}</li>'
            )
            continue
        accounts = "".join(
            f'<li><span class="date">{escape(a.date)}</span>'
            + (f' <span class="note">({escape(a.note)})</span>' if a.note else "")
            + f": {_claim(a.claim, by_n)}</li>"
            for a in event.accounts
        )
        items.append(f'<li><span class="date">{escape(event.date)}</span>{flag}<ul>{accounts}</ul></li>')
    body.append(
        "<ul>" + "".join(items) + "</ul>" if items else "<p>The retrieved passages date no events.</p>"
    )
    body.append("</section>")

    heading("disagreements")
    items = []
    for item in s["disagreements"].items:
        note = f' <span class="note">({escape(item.note)})</span>' if item.note else ""
        sides = "".join(
            f'<li><span class="side">{escape(side.value)}</span>: {_claim(side.claim, by_n)}</li>'
            for side in item.sides
        )
        about = escape(item.about[:1].upper() + item.about[1:])
        items.append(f"<li><strong>{about}</strong>{note}<ul>{sides}</ul></li>")
    body.append("<ul>" + "".join(items) + "</ul>" if items else "<p>No disagreement found.</p>")
    body.append("</section>")

    heading("gaps")
    gaps = s["gaps"].gaps
    body.append(
        "<ul>"
        + "".join(f"<li><strong>{escape(g.question)}</strong> {escape(g.reason)}</li>" for g in gaps)
        + "</ul>"
        if gaps
        else "<p>Every standard question was answered.</p>"
    )
    body.append("</section>")

    body.append(f'<section id="sources"><h2>{SECTION_TITLES["sources"]}</h2><table class="sources">')
    body.append("<tr><th>Article</th><th>Author, publisher, date</th><th>Cited in</th></tr>")
    for src in briefing.sources:
        title = escape(src.title)
        if src.url:
            title = f'<a href="{escape(src.url)}">{title}</a>'
        meta = ", ".join(escape(x) for x in (src.author, src.publisher, src.date) if x) or "—"
        body.append(
            f"<tr><td>{title}<br><code>{escape(src.source)}</code></td><td>{meta}</td>"
            f"<td>{escape(', '.join(src.sections))}</td></tr>"
        )
    body.append("</table></section>")

    body.append('<section id="notes"><h2>Quotations</h2><ol class="notes">')
    for c in briefing.citations:
        byline = ", ".join(escape(x) for x in (c.author, c.date) if x)
        body.append(
            f'<li id="note-{c.n}" value="{c.n}" data-source="{escape(c.source)}" data-start="{c.start}" '
            f'data-end="{c.end}"><span class="quote">“{escape(c.quote)}”</span> '
            f'<span class="where">— {escape(c.title)}{", " + byline if byline else ""}; {escape(c.source)} '
            f"¶{c.paragraph}, characters {c.start}–{c.end}</span></li>"
        )
    body.append("</ol></section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Briefing: {escape(briefing.topic)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
