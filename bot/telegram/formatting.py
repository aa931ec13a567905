"""Answers as Telegram HTML, and long HTML split into messages Telegram accepts.

Telegram rejects a whole message when its HTML does not parse, so every piece of text we did not
write is escaped, only http(s) URLs become links, and a split never leaves a tag open.
"""

from __future__ import annotations

import html
import re

from bot.core.schemas import Answer
from bot.i18n import t

MESSAGE_LIMIT = 4096

# A tag or an entity: positions inside one are never cut points.
_MARKUP = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)


def telegram_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def render_answer_html(answer: Answer) -> str:
    """The answer text escaped, then its sources: web pages as links, files as plain names."""
    body = html.escape(answer.answer.strip(), quote=False)
    if not answer.sources:
        return body
    lines = [f"<b>{html.escape(t('sources_heading', answer.language), quote=False)}</b>"]
    for number, source in enumerate(answer.sources, 1):
        title = html.escape(source.title or source.source, quote=False)
        if _WEB_URL.match(source.source):
            href = html.escape(source.source, quote=True)
            lines.append(f'[{number}] <a href="{href}">{title}</a>')
        else:
            # The file name tells an advisor where to look; the server's folders are nobody's
            # business in a public chat (the widget shows the same).
            name = re.split(r"[\\/]", source.source.rstrip("/\\"))[-1] or source.source
            lines.append(f"[{number}] {title} ({html.escape(name, quote=False)})")
    return body + "\n\n" + "\n".join(lines)


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut at a paragraph, else a line, else a word.

    Tags open at a cut are closed at the end of the part and reopened at the start of the next,
    so each part is valid HTML on its own.
    """
    parts: list[str] = []
    rest = text.strip()
    while telegram_length(rest) > limit:
        window = min(len(rest), limit)
        while True:
            cut = _cut_position(rest, window)
            head = rest[:cut].rstrip()
            opened = _open_tags(rest[:cut])
            closing = "".join(f"</{name}>" for name, _ in reversed(opened))
            if telegram_length(head + closing) <= limit or window <= 1:
                break
            window -= max(1, telegram_length(head + closing) - limit)
        parts.append(head + closing)
        rest = "".join(tag for _, tag in opened) + rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return [p for p in parts if p.strip()]


def _cut_position(text: str, window: int) -> int:
    """Where to end a part: at most `window` characters in, never inside a tag or entity."""
    spans = [(m.start(), m.end()) for m in _MARKUP.finditer(text)]

    def inside_markup(pos: int) -> bool:
        return any(start < pos < end for start, end in spans)

    # A cut far before the window would leave many nearly empty messages; accept a boundary
    # only in the last three quarters.
    floor = window // 4
    for separator in ("\n\n", "\n", " "):
        pos = text.rfind(separator, 0, window)
        while pos > floor and inside_markup(pos):
            pos = text.rfind(separator, 0, pos)
        if pos > floor:
            return pos
    pos = window
    for start, end in spans:
        if start < pos < end:
            pos = start
    if pos <= 0:  # a single tag longer than the window: let it through whole
        pos = next(end for start, end in spans if start == 0)
    return pos


def _open_tags(fragment: str) -> list[tuple[str, str]]:
    """Tags opened in `fragment` and not closed in it, outermost first: (name, opening tag)."""
    stack: list[tuple[str, str]] = []
    for match in _MARKUP.finditer(fragment):
        closing, name = match.group(1), match.group(2)
        if name is None:  # an entity
            continue
        name = name.lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    break
        else:
            stack.append((name, match.group(0)))
    return stack
