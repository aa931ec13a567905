"""Query understanding data: the shipped inflection index, the data files, the tuning table."""

from __future__ import annotations

import json
import logging

import pytest

from knowledge.tuning import E5_SMALL, UNDERSTANDING, for_embedder
from knowledge.understanding.analysis import static_vocabulary
from knowledge.understanding.intent import INTENTS, exemplars
from knowledge.understanding.lexicon import (
    LANGUAGES,
    SHIPPED_INDEX,
    InflectionIndex,
    vocabulary_digest,
)
from knowledge.understanding.trades import taxonomy


def test_the_shipped_inflection_index_matches_the_data_files() -> None:
    # Stale after an edit of data/*.yaml: run `python -m knowledge.understanding.shipped_index`.
    shipped = json.loads(SHIPPED_INDEX.read_text(encoding="utf-8"))
    assert shipped["digest"] == vocabulary_digest(set(static_vocabulary()))
    index = InflectionIndex({k: frozenset(v) for k, v in shipped["lemmas"].items()})
    # inflections the data files do not list, known from simplemma's dictionaries
    assert "liberec" in index.forms("libercem")
    assert "czechy" in index.forms("czechach")
    assert "saksonia" in index.forms("saksonie")


def test_every_trade_and_intent_speaks_the_four_languages() -> None:
    for trade in taxonomy().trades:
        assert set(trade.labels) == set(LANGUAGES), trade.name
    examples = exemplars()
    for intent in INTENTS:
        assert {e.language for e in examples if e.intent == intent} == set(LANGUAGES), intent


def test_an_uncalibrated_embedder_gets_a_clear_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="lotse.tuning"):
        row = for_embedder(UNDERSTANDING, "openai:some-model@example", "understanding")
    assert row == UNDERSTANDING[E5_SMALL]
    assert "no understanding tuning calibrated for embedder 'openai:some-model@example'" \
        in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lotse.tuning"):
        for_embedder(UNDERSTANDING, E5_SMALL, "understanding")
    assert caplog.text == ""
