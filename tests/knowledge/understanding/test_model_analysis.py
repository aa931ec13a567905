"""The model reads a question through one validated tool call; the offline analyser is the
fallback on any failure. The model is the local fake server speaking the OpenAI protocol, the
client is the production one (LangChain's ChatOpenAI over the openai package)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.model import model_query_analyser
from knowledge.understanding.analysis import QueryAnalyser
from knowledge.understanding.model import TOOL_NAME, ModelQueryAnalyser
from tests.conftest import make_settings
from tests.fakes.openai_server import FakeOpenAIServer, Reply, ToolCall

QUESTION = ("I run a small metalworking company in Görlitz. Can you find me a partner in "
            "Czechia for powder coating who speaks German?")
STRUCTURE = {
    "intent": "organisations",
    "places": [{"name": "Görlitz", "role": "origin"}, {"name": "Czechia", "role": "target"}],
    "trades": ["powder coating"],
    "offered_trades": ["metalworking"],
    "spoken_languages": ["de"],
}


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def offline(tmp_path: Path) -> QueryAnalyser:
    # No embedder and no database: places from the static gazetteer, trades by their words.
    return QueryAnalyser(None, cache_dir=tmp_path / "understanding")


def _analyser(fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path,
              timeout: float = 8.0) -> ModelQueryAnalyser:
    settings = make_settings(tmp_path, OPENAI_BASE_URL=fake.url, OPENAI_API_KEY="test",
                             LOTSE_QUERY_ANALYSER="model",
                             LOTSE_QUERY_ANALYSIS_TIMEOUT=timeout)
    analyser = model_query_analyser(settings, offline)
    assert isinstance(analyser, ModelQueryAnalyser)
    return analyser


def test_the_model_fills_one_forced_tool_call_and_places_keep_their_role(
        fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path) -> None:
    fake.add(Reply.tool_call(TOOL_NAME, STRUCTURE))
    analysis = _analyser(fake, offline, tmp_path).analyse(QUESTION, "en")

    assert analysis.countries == ["CZ"]
    assert analysis.cities == []  # Görlitz is where the asker is, not where they search
    assert analysis.origin_cities == ["Görlitz"]
    assert analysis.capabilities == ["powder coating"]
    assert analysis.spoken_languages == ["de"]
    assert analysis.wants_organisations and not analysis.wants_seekers
    assert analysis.intent["organisations"] == 1.0
    (request,) = fake.chat_requests
    assert request.tool_names == [TOOL_NAME]
    assert request.body["tool_choice"]["function"]["name"] == TOOL_NAME
    assert QUESTION in request.user_texts[-1]


def test_buyers_wanted_reads_the_askers_own_trade(
        fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path) -> None:
    fake.add(Reply.tool_call(TOOL_NAME, {
        "intent": "seekers", "places": [{"name": "Zittau", "role": "origin"},
                                        {"name": "Görlitz", "role": "target"}],
        "offered_trades": ["powder coating"]}))
    analysis = _analyser(fake, offline, tmp_path).analyse(
        "Wir beschichten Stahlteile mit Pulver in Zittau und suchen Kunden in Görlitz.", "de")
    assert analysis.wants_seekers and analysis.wants_organisations
    assert analysis.offered_capabilities == ["powder coating"]
    assert analysis.cities == ["Görlitz"] and analysis.origin_cities == ["Zittau"]


@pytest.mark.parametrize("reply", [
    Reply.tool_call(TOOL_NAME, '{"intent": "organisations", "places": ['),  # broken JSON
    Reply.tool_call(TOOL_NAME, {"intent": "partners"}),  # not one of the intents
    Reply.tool_call(TOOL_NAME, STRUCTURE | {"spoken_languages": ["german"]}),  # no ISO code
    Reply.text("Czech powder coaters are ..."),  # answered instead of calling the tool
    Reply.error(500, "upstream failed"),
    Reply(tool_calls=[ToolCall("search_organisations", '{"query": "powder"}')]),
], ids=["broken-json", "unknown-intent", "bad-language", "no-tool-call", "http-500",
        "other-tool"])
def test_any_failure_gives_the_offline_analysis(
        fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path, reply: Reply) -> None:
    fake.add(reply)
    model = _analyser(fake, offline, tmp_path)
    analysis = model.analyse(QUESTION, "en")
    assert analysis == offline.analyse(QUESTION, "en")
    assert model.failures == 1
    assert analysis.origin_cities == ["Görlitz"]  # the offline analyser's own reading


def test_a_model_that_hangs_is_not_waited_for(
        fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path) -> None:
    fake.add(Reply.hang(30))
    model = _analyser(fake, offline, tmp_path, timeout=0.5)
    assert model.analyse(QUESTION, "en") == offline.analyse(QUESTION, "en")
    assert model.failures == 1


def test_without_a_configured_model_the_offline_analyser_is_used(
        offline: QueryAnalyser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = make_settings(tmp_path, LOTSE_QUERY_ANALYSER="model")
    assert model_query_analyser(settings, offline) is offline


def test_a_model_that_keeps_failing_is_not_asked_for_a_while(
        fake: FakeOpenAIServer, offline: QueryAnalyser, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, OPENAI_BASE_URL=fake.url, OPENAI_API_KEY="test",
                             LOTSE_QUERY_ANALYSER="model", LOTSE_LLM_BREAKER_FAILURES=2,
                             LOTSE_LLM_BREAKER_COOLDOWN=600)
    model = model_query_analyser(settings, offline)
    fake.add(Reply.error(503, "down"), Reply.error(503, "down"),
             Reply.tool_call(TOOL_NAME, STRUCTURE))
    for _ in range(3):
        assert model.analyse(QUESTION, "en") == offline.analyse(QUESTION, "en")
    assert len(fake.chat_requests) == 2  # the third question did not wait for the model
    assert fake.pending == 1
