"""Cited briefings: `brief(topic)` builds one, `render(briefing, fmt)` writes it as md, json or html.

from assistant.brief import brief, render
print(render(brief("the power cut of last winter"), "md"))
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError, InputPathError

if TYPE_CHECKING:
    from assistant.brief.model import Briefing
    from assistant.settings import Settings

FORMATS = ("md", "json", "html")
_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html"}


class BriefFormatError(AssistantError):
    exit_code = 2


def output_format(fmt: str | None, path: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if fmt is not None:
        chosen = fmt.lower().lstrip(".")
        if chosen not in FORMATS:
            raise BriefFormatError(f"Unknown format '{fmt}'; available: {', '.join(FORMATS)}")
        return chosen
    if path is not None and path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    return "md"


def check_output(path: Path) -> None:
    """Fail before any work when the briefing could not be written there."""
    import os

    target = path.expanduser()
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputPathError(f"Cannot write the briefing to {path}: it is a folder")
    if not parent.is_dir():
        raise InputPathError(f"Cannot write the briefing to {path}: no folder {parent}")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputPathError(f"Cannot write the briefing to {path}: permission denied")


def render(briefing: Briefing, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from assistant.brief.render_html import render_html

        return render_html(briefing)
    from assistant.brief.render_md import render_markdown

    return render_markdown(briefing)


def write(text: str, path: Path) -> None:
    try:
        path.expanduser().write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputPathError(f"Cannot write the briefing to {path}: {exc.strerror or exc}") from None


def brief(topic: str, settings: Settings | None = None, **kwargs) -> Briefing:
    """One-shot convenience for notebooks: a briefing from a fresh Assistant."""
    from assistant.api import Assistant
    from assistant.brief.build import build_briefing

    return build_briefing(Assistant(settings), topic, **kwargs)


__all__ = ["FORMATS", "BriefFormatError", "brief", "check_output", "output_format", "render", "write"]
