"""Answers as Telegram HTML and the splitter for long replies, checked with the fake's parser."""

from __future__ import annotations

import html
import random
import re

import pytest

from bot.core.schemas import Answer, SourceRef
from bot.telegram.formatting import MESSAGE_LIMIT, render_answer_html, split_html
from tests.telegram.fake_bot_api import BotApiError, parse_telegram_html, utf16_length


def visible_words(parts: list[str]) -> list[str]:
    return " ".join(parse_telegram_html(p) for p in parts).split()


def make_answer(text: str, sources: list[tuple[str, str]]) -> Answer:
    refs = [SourceRef(id=f"d{n}", title=title, source=source, score=0.9, excerpt="")
            for n, (title, source) in enumerate(sources)]
    return Answer(answer=text, language="en", mode="extractive", answered=True, sources=refs,
                  session_id="s_1", message_id="m_1")


def test_fake_parser_rejects_what_telegram_rejects() -> None:
    # The checks below are only worth something if the parser can say no.
    for bad in ("<b>open", "a < b", "R&D", "<b><i>x</b></i>", "<script>x</script>",
                "<a>no href</a>"):
        with pytest.raises(BotApiError):
            parse_telegram_html(bad)
    assert parse_telegram_html('<b>R&amp;D</b> <a href="https://x.org/?a=1&amp;b=2">x</a>') \
        == "R&D x"


def test_short_text_is_one_part() -> None:
    assert split_html("<b>Hello</b>\n\nWorld") == ["<b>Hello</b>\n\nWorld"]


def test_long_answer_is_split_at_paragraphs_into_valid_parts() -> None:
    rng = random.Random(6)
    paragraphs = []
    for n in range(60):
        words = " ".join(rng.choice(["Förderung", "KMU", "R&amp;D", "<b>50 %</b>", "Sachsen",
                                     "<i>Messe</i>", "Zuschuss", "€"]) for _ in range(30))
        paragraphs.append(f"Paragraph {n}: {words}.")
    text = "\n\n".join(paragraphs)
    assert len(text) > 3 * MESSAGE_LIMIT
    parts = split_html(text)
    assert len(parts) >= 4
    for part in parts:
        assert utf16_length(part) <= MESSAGE_LIMIT
        parse_telegram_html(part)
        # Cut at paragraph ends: every part starts a paragraph and ends one.
        assert part.startswith("Paragraph ") and part.endswith(".")
    assert "\n\n".join(parts) == text


def test_one_huge_paragraph_keeps_formatting_open_across_parts() -> None:
    inner = " ".join(f"word{n} &lt;{n}&gt; 🚀" for n in range(2500))
    text = f'Intro line\n<b>Bold <a href="https://example.org/?x=1&amp;y=2">{inner}</a></b> end'
    parts = split_html(text)
    assert len(parts) >= 3
    for part in parts:
        assert utf16_length(part) <= MESSAGE_LIMIT  # emoji count twice
        parse_telegram_html(part)
    assert parts[1].startswith('<b><a href="https://example.org/?x=1&amp;y=2">')
    assert visible_words(parts) == parse_telegram_html(text).split()


def test_never_cuts_inside_an_entity_or_a_word_without_spaces() -> None:
    text = "&amp;" * 2000 + "x" * 5000
    parts = split_html(text)
    for part in parts:
        assert utf16_length(part) <= MESSAGE_LIMIT
        parse_telegram_html(part)
    assert "".join(parse_telegram_html(p) for p in parts) == "&" * 2000 + "x" * 5000


def test_answer_text_is_escaped_and_only_web_sources_are_links() -> None:
    answer = make_answer(
        "Budget <script>alert(1)</script> & more: see <b>here</b>",
        [("Programme & call", "https://example.org/call?a=1&b=2"),
         ("Local file <draft>", "/srv/docs/faq & notes.md"),
         ("Sneaky", "javascript:alert(1)")])
    rendered = render_answer_html(answer)
    visible = parse_telegram_html(rendered)
    assert "Budget <script>alert(1)</script> & more: see <b>here</b>" in visible
    links = re.findall(r'<a href="([^"]*)">', rendered)
    assert [html.unescape(href) for href in links] == ["https://example.org/call?a=1&b=2"]
    assert "[2] Local file <draft> (faq & notes.md)" in visible
    assert "/srv/docs" not in visible  # no server folders in a public chat
    assert "[3] Sneaky (javascript:alert(1))" in visible
    assert visible.split("\n\n")[1].startswith("Sources:")
