"""The guide without a channel: the model's profile reading through a validated tool call (the
fake OpenAI server), named programmes, skips, on a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.conversations import ConversationStore
from bot.core.model import chat_model
from bot.funding.guide import FundingGuide, names_a_programme
from bot.funding.model_profile import PROFILE_TOOL, ModelProfileReader
from knowledge.db import get_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.funding.conftest import fixture_catalogue


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def llm_settings(settings: Settings, fake: FakeOpenAIServer) -> Settings:
    return make_settings(settings.data_dir, OPENAI_BASE_URL=f"{fake.url}/v1",
                         OPENAI_API_KEY="test", LOTSE_ANSWER_MODE="llm")


def test_the_model_fills_the_profile_through_a_validated_tool_call(
        llm_settings: Settings, fake: FakeOpenAIServer) -> None:
    fake.add(Reply.tool_call(PROFILE_TOOL, {
        "country": "cz", "region": "CZ051", "size_class": "small",
        "purposes": ["export_trade_fairs"], "project_text": "stand at a fair in Dresden",
        "start_date": "2027-03-01"}))
    profile = ModelProfileReader(llm_settings, chat_model)(
        "Wir sind 30 Leute in Liberec und wollen im März 2027 auf eine Messe in Dresden", "de")
    assert profile is not None
    assert (profile.country, profile.region, profile.size_class) == ("CZ", "CZ051", "small")
    assert profile.purposes == ("export_trade_fairs",)
    assert profile.start_date == date(2027, 3, 1)
    request = fake.chat_requests[0]
    assert request.tool_names == [PROFILE_TOOL]
    assert request.body["tool_choice"]["function"]["name"] == PROFILE_TOOL
    assert "Liberec" in request.user_texts[0]


@pytest.mark.parametrize("arguments", [
    {"country": "XX"},                       # not a country
    {"size_class": "huge"},                  # not a size class
    {"purposes": ["holidays"]},              # not a purpose
    {"region": "Saxony"},                    # not a NUTS code
    {"country": "DE", "colour": "blue"},     # a field the tool does not have
    '{"country": "DE", ',                    # not JSON at all
])
def test_an_invalid_tool_call_puts_nothing_in_the_profile(
        llm_settings: Settings, fake: FakeOpenAIServer, arguments: object) -> None:
    fake.add(Reply.tool_call(PROFILE_TOOL, arguments))  # type: ignore[arg-type]
    assert ModelProfileReader(llm_settings, chat_model)("Wir sind in Dresden", "de") is None


def test_with_a_model_the_guide_asks_only_what_the_description_left_out(
        llm_settings: Settings, fake: FakeOpenAIServer) -> None:
    db = get_database(llm_settings)
    session = ConversationStore(db).ensure_session(None, "web", "de")
    guide = FundingGuide(db, lambda: fixture_catalogue(), today=date.today,
                         profile_from_text=ModelProfileReader(llm_settings, chat_model))
    fake.add(Reply.tool_call(PROFILE_TOOL, {"country": "CZ", "region": "CZ051",
                                            "size_class": "small",
                                            "purposes": ["export_trade_fairs"]}))
    turn = guide.turn(session, "Welche Förderung gibt es für unseren Messeauftritt? Wir sind "
                      "ein kleiner Betrieb aus Liberec.", "de", starting=True)
    assert turn is not None and turn.question is not None
    assert turn.question.asks == "start"  # where, how big and what were in the description
    done = guide.turn(session, "überspringen", "de", starting=False)
    assert done is not None and done.matches[0].record.id == "fixture-liberec-fairs"


def test_without_a_model_the_rules_read_the_description(settings: Settings) -> None:
    db = get_database(settings)
    session = ConversationStore(db).ensure_session(None, "web", "en")
    guide = FundingGuide(db, lambda: fixture_catalogue())
    turn = guide.turn(session, "Funding for a trade fair? We are a company in Liberec.", "en",
                      starting=True)
    assert turn is not None and turn.question is not None and turn.question.asks == "size"
    # An answer it cannot read (and no question mark) counts as a skip: nobody gets stuck.
    turn = guide.turn(session, "hmm", "en", starting=False)
    assert turn is not None and turn.question is not None and turn.question.asks == "start"


def test_a_programme_named_by_a_word_no_dictionary_knows() -> None:
    records = fixture_catalogue()
    from dataclasses import replace

    records.append(replace(records[0], id="interreg-x", names={"en": "Interreg Nowhere"}))
    assert names_a_programme("Can my company apply for Interreg itself?", records)
    assert not names_a_programme("Which funding can I get for a trade fair?", records)
    assert not names_a_programme("Welche Förderung gibt es in Liberec?", records)
    # Programmes outside the catalogue, by a capitalised or hyphenated unknown name.
    assert names_a_programme("What does the EIC Accelerator fund?", records)
    assert names_a_programme("Welche Zuschüsse gibt es bei go-digital?", records)
    # The asker's own abbreviations and purpose words are not names.
    assert not names_a_programme("Förderung für KMU in Sachsen?", records)
    assert not names_a_programme("Dotace pro MSP na e-shop?", records)
    assert not names_a_programme("Funding for our start-up in Dresden?", records)
