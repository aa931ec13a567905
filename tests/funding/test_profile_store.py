"""The per-session funding profile on SQLite and PostgreSQL: stored, read back, replaced, and
erased with its session (foreign key cascade) by the session erase, /forget and retention."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.conversations import ConversationStore
from knowledge.db import forget_database, get_database
from knowledge.programmes.profile import FundingProfile, FundingProfileStore, GuidedState
from knowledge.settings import Settings
from tests.knowledge.conftest import Backend, backend_named


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    backend: Backend = backend_named(request.param)
    settings = backend.settings(tmp_path / "data")
    yield settings
    forget_database(settings)
    backend.drop_all()


def test_profile_round_trip_and_erasure(backend_settings: Settings) -> None:
    db = get_database(backend_settings)
    conversations = ConversationStore(db)
    profiles = FundingProfileStore(db)
    erased = conversations.ensure_session(None, "web", "de")
    forgotten = conversations.ensure_session(None, "telegram", "pl", user_ref="telegram:77")
    kept = conversations.ensure_session(None, "web", "cs")
    state = GuidedState(FundingProfile(country="CZ", region="CZ051", size_class="small",
                                       purposes=("export_trade_fairs",),
                                       start_date=date(2027, 3, 1)), "start", ("size",))
    for session in (erased, forgotten, kept):
        profiles.save(session, state)
    assert profiles.load(kept) == state
    profiles.save(kept, GuidedState(state.profile, None, ()))  # an upsert, not a second row
    assert profiles.load(kept).pending is None

    assert conversations.erase_session(erased)
    assert conversations.erase_user("telegram:77") == 1
    assert profiles.load(erased) == GuidedState()
    assert profiles.load(forgotten) == GuidedState()
    assert profiles.load(kept).profile.region == "CZ051"
