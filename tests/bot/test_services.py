"""The core's services (bot/core/services) on a real SQLite file: what a face may ask of the
stores. Advisor requests from every channel land in one table with their channel and language;
a rating only lands in its own conversation; erasure takes the requests sent from it; the
programme catalogue has one filter for the CLI and the console."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.services import Services
from bot.core.services.contact import ContactRequestIn
from bot.core.services.programmes import programme_matches
from knowledge.db import ContactRequest, forget_database
from knowledge.programmes.records import ProgrammeRecord
from tests.conftest import make_settings


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    settings = make_settings(tmp_path / "data")
    yield Services(settings)
    forget_database(settings)


def _request(**changes: object) -> ContactRequestIn:
    fields: dict[str, object] = {"name": "Jana Nováková", "email": "jana@firma.cz",
                                 "message": "Hledáme partnera v Sasku.", "consent": True}
    fields.update(changes)
    return ContactRequestIn.model_validate(fields)


def test_every_channel_stores_its_request_in_the_one_table(services: Services) -> None:
    session = services.conversations.open(None, "telegram", "cs", user_ref="tg:42")
    contacts = services.contacts
    web = contacts.submit(_request(session_id=session), language="cs", channel="web")
    telegram = contacts.submit(_request(organisation="  "), language="de",
                               channel="telegram", user_ref="tg:42")
    terminal = contacts.submit(_request(session_id="s_unknown"), language="en", channel="cli")
    with services.db.session() as s:
        rows = {r.id: r for r in s.scalars(select(ContactRequest))}
    assert [rows[r.id].channel for r in (web, telegram, terminal)] == ["web", "telegram", "cli"]
    assert [rows[r.id].language for r in (web, telegram, terminal)] == ["cs", "de", "en"]
    assert rows[web.id].session_id == session
    # A blank organisation is none; a session id nobody issued is not kept.
    assert rows[telegram.id].organisation is None
    assert rows[terminal.id].session_id is None
    # Erasing the conversation takes the request sent from it, and only that one.
    assert services.conversations.erase(session)
    with services.db.session() as s:
        left = set(s.scalars(select(ContactRequest.id)))
    assert left == {telegram.id, terminal.id}


def test_a_request_without_consent_is_never_stored(services: Services) -> None:
    with pytest.raises(ValueError, match="consent"):
        services.contacts.submit(_request(consent=False), language="de", channel="web")
    with services.db.session() as s:
        assert s.scalar(select(ContactRequest.id)) is None


def test_a_retry_with_the_same_key_stores_one_request(services: Services) -> None:
    first = services.contacts.submit(_request(), language="pl", channel="web", client_key="k1")
    again = services.contacts.submit(_request(), language="de", channel="web", client_key="k1")
    other = services.contacts.submit(_request(message="Něco jiného."), language="de",
                                     channel="web", client_key="k1")
    assert not first.replayed and again.replayed and again.id == first.id
    assert again.language == "pl" and again.same_request and not other.same_request


def test_a_rating_lands_only_in_its_own_conversation(services: Services) -> None:
    conversations = services.conversations
    mine = conversations.open(None, "web", "de")
    theirs = conversations.open(None, "web", "pl")
    conversations.store.add_turn(theirs, "Pytanie?", "pl", "Odpowiedź.", message_id="m_theirs",
                                 mode="extractive", answered=True, sources=[], companies=[])
    refused = conversations.rate("m_theirs", "down", session_id=mine)
    assert not refused.stored and refused.language == "pl"
    rated = conversations.rate("m_theirs", "up", "dobrze", session_id=theirs)
    assert rated.stored and rated.language == "pl"
    assert not conversations.rate("m_missing", "up").stored


def _programme(programme_id: str, countries: list[str], kind: str, purposes: list[str],
               closes_on: date | None) -> ProgrammeRecord:
    return ProgrammeRecord(id=programme_id, names={"en": programme_id}, funder="Agency",
                           kind=kind, countries=tuple(countries), purposes=tuple(purposes),
                           closes_on=closes_on, source_url="https://example.org/" + programme_id,
                           checked_on=date(2026, 1, 1))


def test_the_catalogue_filter_is_the_same_for_every_face() -> None:
    today = date(2026, 6, 1)
    everywhere = _programme("everywhere", [], "grant", ["export_trade_fairs"], None)
    czech_loan = _programme("cz-loan", ["CZ"], "loan", ["investment"], date(2026, 5, 1))
    assert programme_matches(everywhere, country="pl", today=today)
    assert not programme_matches(czech_loan, country="PL", today=today)
    assert programme_matches(czech_loan, country="cz", kind="loan", purpose="investment",
                             today=today)
    assert not programme_matches(czech_loan, include_closed=False, today=today)
    assert not programme_matches(everywhere, purpose="investment", today=today)
