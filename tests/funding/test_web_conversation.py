"""The guided funding conversation end to end through the web API: the intent starts it, the
questions come one at a time with choices, answers and skips are remembered in the database,
the programmes answer lists what fits, and erasing the session erases the profile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.db import get_database
from knowledge.programmes.profile import FundingProfileRow
from knowledge.settings import Settings


@pytest.fixture(scope="module")
def client(funding_settings: Settings) -> Iterator[TestClient]:
    app = create_app(funding_settings, Assistant(funding_settings))
    with TestClient(app) as test_client:
        yield test_client


def chat(client: TestClient, question: str, session_id: str | None = None,
         language: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"question": question}
    if session_id:
        body["session_id"] = session_id
    if language:
        body["language"] = language
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def stored_profile(settings: Settings, session_id: str) -> FundingProfileRow | None:
    with get_database(settings).session() as s:
        return s.scalars(select(FundingProfileRow)
                         .where(FundingProfileRow.session_id == session_id)).first()


def test_guided_conversation_in_german(client: TestClient, funding_settings: Settings) -> None:
    first = chat(client, "Welche Förderung gibt es für mein Projekt?")
    session = first["session_id"]
    assert first["language"] == "de"
    assert first["guided"]["asks"] == "location"
    assert "Wo sitzt Ihr Unternehmen" in first["answer"]
    assert [c["value"] for c in first["guided"]["choices"]] == ["skip"]
    assert first["programmes"] == []

    second = chat(client, "Wir sitzen in Liberec", session)
    assert second["guided"]["asks"] == "size"
    assert [c["value"] for c in second["guided"]["choices"]] == [
        "micro", "small", "medium", "large", "skip"]
    assert "Kleinst" in second["guided"]["choices"][0]["label"]
    row = stored_profile(funding_settings, session)
    assert row is not None and row.profile["region"] == "CZ051" and row.pending == "size"

    third = chat(client, "small", session)  # a button's value
    assert third["guided"]["asks"] == "project"
    assert "export_trade_fairs" in [c["value"] for c in third["guided"]["choices"]]

    fourth = chat(client, "export_trade_fairs", session)
    assert fourth["guided"]["asks"] == "start"

    answer = chat(client, "überspringen", session)
    assert answer.get("guided") is None
    ids = [p["id"] for p in answer["programmes"]]
    assert ids[0] == "fixture-liberec-fairs"
    assert "fixture-liberec-closed" not in ids  # closed calls are never offered
    assert "fixture-saxony-innovation" not in ids  # Saxony only, and the rest fits
    top = answer["programmes"][0]
    assert top["name"] == "Messebonus Liberec"
    assert top["open_until"] and top["url"] == "https://funding.example/fixture-liberec-fairs/apply"
    assert "noch 12 Tage" in top["why"]
    text = answer["answer"]
    assert "Messebonus Liberec" in text and "Stand " in text
    assert "Wirtschaftsförderung Sachsen" in text  # the contact institution by name
    assert stored_profile(funding_settings, session).pending is None  # type: ignore[union-attr]

    # Erasing the session erases what it told about the company.
    assert client.delete(f"/api/sessions/{session}").status_code in (200, 204)
    assert stored_profile(funding_settings, session) is None


def test_unknown_size_is_said_and_a_new_question_leaves_the_guide(client: TestClient) -> None:
    first = chat(client, "Which funding can I get for my project?")
    session = first["session_id"]
    assert first["guided"]["asks"] == "location"
    assert chat(client, "Dresden", session)["guided"]["asks"] == "size"
    assert chat(client, "skip", session)["guided"]["asks"] == "project"
    assert chat(client, "We want to develop a prototype of a new sensor",
                session)["guided"]["asks"] == "start"
    answer = chat(client, "in three months", session)
    top = answer["programmes"][0]
    assert top["id"] == "fixture-saxony-innovation"
    assert "your size class is unknown: medium-sized companies get 35 %" in top["why"]

    # Asked again, the guide remembers the session's facts and asks nothing.
    again = chat(client, "Which funding can I get for my project?", session)
    assert again.get("guided") is None
    assert again["programmes"][0]["id"] == "fixture-saxony-innovation"


def test_a_question_instead_of_an_answer_leaves_the_guided_conversation(
        client: TestClient) -> None:
    first = chat(client, "Jakou dotaci mohu získat na svůj projekt?")
    assert first["guided"]["asks"] == "location"
    assert first["language"] == "cs"
    other = chat(client, "Kdo vedl projekt InnoCoopPolSax?", first["session_id"])
    assert other.get("guided") is None and other["programmes"] == []


@pytest.mark.parametrize(("question", "lang", "place", "asks_next"), [
    ("Jakie dofinansowanie mogę dostać na mój projekt?", "pl", "Jelenia Góra", "size"),
    ("Jakou dotaci mohu získat na svůj projekt?", "cs", "Liberec", "size"),
])
def test_the_questions_come_in_the_askers_language(client: TestClient, question: str, lang: str,
                                                   place: str, asks_next: str) -> None:
    first = chat(client, question)
    assert first["language"] == lang and first["guided"]["asks"] == "location"
    second = chat(client, place, first["session_id"])
    assert second["guided"]["asks"] == asks_next
    skip = {"pl": "Pomiń", "cs": "Přeskočit"}[lang]
    assert skip in [c["label"] for c in second["guided"]["choices"]]


def test_funding_and_a_partner_in_one_answer(client: TestClient) -> None:
    answer = chat(client, "Gibt es Fördergeld für unseren Messeauftritt, und welcher Betrieb "
                          "in Liberec macht Pulverbeschichtung?")
    assert answer.get("guided") is None  # asked for more than funding: no questions first
    assert answer["companies"], "the organisations are in the answer"
    assert answer["programmes"][0]["id"] == "fixture-liberec-fairs"
    text = answer["answer"]
    assert text.index("Messebonus Liberec") < text.index(answer["companies"][0]["name"])
