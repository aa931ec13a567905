"""The streaming citation filter: what of the model's text the user may see, and when.

[n] are checked and renumbered on the fly; an answer that must cite is held back until its first
valid citation, so an uncited answer can still be retried without the user having seen it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core import prompts
from bot.core.contracts import TokenCallback


class StreamedOutput:
    """Everything sent to `on_token`; the final text is exactly what was streamed."""

    def __init__(self, on_token: TokenCallback | None) -> None:
        self.on_token = on_token
        self.pieces: list[str] = []

    def emit(self, text: str) -> None:
        if not self.pieces:
            text = text.lstrip()
        if not text:
            return
        self.pieces.append(text)
        if self.on_token is not None:
            self.on_token(text)

    @property
    def emitted(self) -> bool:
        return bool(self.pieces)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


_BRACKET = re.compile(r"(\s*)\[([^\[\]\n]{1,40})\]")
_NUMBERS = re.compile(r"\s*\d+(?:\s*[,;]\s*\d+)*\s*")
_MARKER = re.compile(rf"\s*{prompts.NO_ANSWER_MARKER}\b:?")
_LONGEST_BRACKET = 42


class ReplyFilter:
    """Rewrites the model's text piece by piece into what the user may see.

    [n] pointing to a source becomes its position in the answer's source list (in order of first
    citation); [n] pointing nowhere is dropped; the no-answer marker is removed and remembered.
    Text is cut only where no citation can be half-received, so streaming and the final text
    agree. While `hold` is set, text waits until the first valid citation arrives.
    """

    def __init__(self, is_source: Callable[[int], bool], emit: Callable[[str], None], *,
                 hold: bool) -> None:
        self.is_source = is_source
        self.emit = emit
        self.hold = hold
        self.mapping: dict[int, int] = {}
        self.no_answer = False
        self.suppressed = False
        self.visible = ""  # all rewritten text, emitted or not
        self._pending = ""
        self._held = ""

    def feed(self, raw: str) -> None:
        self._pending += raw
        cut = self._safe_cut(self._pending)
        if cut:
            segment, self._pending = self._pending[:cut], self._pending[cut:]
            self._release(self._rewrite(segment))

    def suppress(self) -> None:
        """This round calls tools: its text, if any, is not for the user."""
        self.suppressed = True

    def finish(self) -> str:
        """The rewritten text not yet emitted; the caller decides whether it is shown."""
        rest = self._held + self._rewrite(self._pending)
        self._pending = self._held = ""
        return rest.rstrip()

    @property
    def cited(self) -> list[int]:
        return sorted(self.mapping, key=self.mapping.__getitem__)

    def _safe_cut(self, text: str) -> int:
        end = len(text.rstrip())  # trailing space may belong to a citation still to come
        opening = text.rfind("[", 0, end)
        if opening != -1 and "]" not in text[opening:end] and end - opening <= _LONGEST_BRACKET:
            end = opening
        else:
            marker = prompts.NO_ANSWER_MARKER
            for size in range(min(len(marker), end), 1, -1):
                if marker.startswith(text[end - size:end]) and (
                        end - size == 0 or not text[end - size - 1].isalnum()):
                    end -= size
                    break
        while end > 0 and text[end - 1].isspace():
            end -= 1
        return end

    def _rewrite(self, segment: str) -> str:
        def bracket(match: re.Match[str]) -> str:
            space, inner = match.group(1), match.group(2)
            if inner.strip().rstrip(":") == prompts.NO_ANSWER_MARKER:
                self.no_answer = True
                return ""
            if not _NUMBERS.fullmatch(inner):
                return match.group(0)  # a bracket that is not a citation stays as written
            shown: list[int] = []
            for number in (int(n) for n in re.findall(r"\d+", inner)):
                if self.is_source(number):
                    shown.append(self.mapping.setdefault(number, len(self.mapping) + 1))
            shown = list(dict.fromkeys(shown))
            return space + "".join(f"[{n}]" for n in shown) if shown else ""

        def marker(match: re.Match[str]) -> str:
            self.no_answer = True
            return ""

        text = _MARKER.sub(marker, _BRACKET.sub(bracket, segment))
        self.visible += text
        return text

    def _release(self, text: str) -> None:
        if self.suppressed or self.no_answer or (self.hold and not self.mapping):
            self._held += text
            return
        self.emit(self._held + text)
        self._held = ""


_CITATION = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")


def without_citations(text: str) -> str:
    """Old answers cite the sources of their own turn; those numbers mean nothing later."""
    return _CITATION.sub("", text)
