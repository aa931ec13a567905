"""bot/core/services/contact.py: the one advisor-request model, and its field check for
channels that ask one field at a time (Telegram, the terminal chat)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.core.services.contact import (
    EMAIL_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    ORGANISATION_MAX,
    ContactRequestIn,
    contact_field_problem,
)
from bot.web.schemas import ContactRequestIn as WebContactRequest


@pytest.mark.parametrize(("field", "limit"), [
    ("name", NAME_MAX), ("organisation", ORGANISATION_MAX), ("message", MESSAGE_MAX)])
def test_each_limit_is_reported_with_its_number(field: str, limit: int) -> None:
    assert contact_field_problem(field, "x" * limit) is None
    assert contact_field_problem(field, "x" * (limit + 1)) == ("too_long", limit)


def test_email_is_checked_for_shape_and_length() -> None:
    assert contact_field_problem("email", "jan.novak@firma.cz") is None
    assert contact_field_problem("email", "jan at firma") == ("invalid", None)
    assert contact_field_problem("email", "a@b") == ("invalid", None)
    longest = "a" * (EMAIL_MAX - len("@example.org")) + "@example.org"
    assert contact_field_problem("email", longest) is None
    assert contact_field_problem("email", "a" + longest) == ("too_long", EMAIL_MAX)


def test_the_web_api_validates_with_the_same_model() -> None:
    assert WebContactRequest is ContactRequestIn
    with pytest.raises(ValidationError):
        WebContactRequest.model_validate({"name": "Ewa", "email": "ewa@firma.pl",
                                          "message": "x" * (MESSAGE_MAX + 1), "consent": True})


def test_consent_must_be_the_boolean_true() -> None:
    fields = {"name": "Ewa", "email": "ewa@firma.pl", "message": "Hallo"}
    assert ContactRequestIn.model_validate(fields | {"consent": True}).consent is True
    with pytest.raises(ValidationError):
        ContactRequestIn.model_validate(fields | {"consent": "yes"})
