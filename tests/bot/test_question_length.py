"""Issue 11.3: a long question is cut to the embedder's token limit before anything embeds it."""

from __future__ import annotations

from pathlib import Path

from bot.core.assistant import Assistant
from bot.core.question_length import cut_to_tokens
from bot.i18n import t
from knowledge.embeddings import Embedder
from tests.conftest import make_settings


def test_a_short_question_is_left_alone(embedder: Embedder) -> None:
    question = "Wer ist Lead Partner von InnoCoopPolSax?"
    assert cut_to_tokens(question, embedder.count_tokens, 256) == (question, False)


def test_a_long_question_is_cut_at_a_word_to_the_token_limit(embedder: Embedder) -> None:
    question = "Wer ist Lead Partner von InnoCoopPolSax und wie hoch ist das Budget? " * 40
    assert embedder.count_tokens(question) > 256
    cut, shortened = cut_to_tokens(question, embedder.count_tokens, 256)
    assert shortened
    assert embedder.count_tokens(cut) <= 256
    assert question.startswith(cut) and question[len(cut)] == " "  # ends at a word
    # The longest such prefix: one more word is over the limit.
    longer = question[:question.index(" ", len(cut) + 1)]
    assert embedder.count_tokens(longer) > 256


def test_one_endless_word_is_cut_by_characters(embedder: Embedder) -> None:
    blob = "x" * 5000
    cut, shortened = cut_to_tokens(blob, embedder.count_tokens, 64)
    assert shortened and 0 < len(cut) < len(blob)
    assert embedder.count_tokens(cut) <= 64 < embedder.count_tokens(cut + "x" * 4)


def test_the_assistant_answers_a_cut_question_and_says_so(mini_data_dir: Path) -> None:
    assistant = Assistant(make_settings(mini_data_dir, LOTSE_QUESTION_MAX_TOKENS=64,
                                        LOTSE_ANSWER_MODE="extractive"))
    question = "Kto prowadził projekt InnoCoopPolSax? " + "a. " * 1000
    tokens: list[str] = []
    result = assistant.ask(question, language="pl", store=False, on_token=tokens.append)
    notice = t("question_shortened", "pl", words=len(result.trace.query.split()))
    assert result.answer.answer.startswith(notice)
    assert "".join(tokens) == result.answer.answer
    assert assistant.embedder.count_tokens(result.trace.query) <= 64
    assert "Wirtschaftsförderung Sachsen" in result.answer.answer
