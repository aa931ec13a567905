"""The advisor request: one definition of its fields and limits for every channel.

The web API validates `ContactRequestIn` at the boundary; the Telegram form and the terminal
chat ask field by field and check each answer with `contact_field_problem`, which asks the same
model, so a channel accepts exactly what the others accept. Every channel stores the request
through `ContactService.submit`. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from bot.conversations import ContactReceipt, ConversationStore

NAME_MAX = 200
EMAIL_MAX = 320  # RFC 5321: 64 for the local part, 255 for the domain, and the "@"
ORGANISATION_MAX = 300
MESSAGE_MAX = 5000
# Deliberately loose: the advisor replies by hand, so a plausible address is all we check.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Language codes as browsers and people send them: "de", "pl-PL", "cs_CZ"; "auto" means detect.
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$")
SESSION_ID = r"^[A-Za-z0-9_\-]{1,64}$"
# The same rules as the validators below, for the OpenAPI schema (clients and fuzzers read it);
# the validators stay, for messages that say what is wrong.
LANGUAGE_SCHEMA = {"pattern": r"^([Aa][Uu][Tt][Oo]|[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?)?$"}
EMAIL_SCHEMA = {"pattern": EMAIL.pattern}

FieldProblem = tuple[Literal["too_long", "invalid"], int | None]

# What every channel says when an advisor request ends, in the first-class languages. The
# questions that lead there differ by channel (a terminal prompt, a Telegram message with
# buttons, the widget's form) and stay with each face.
CONTACT_OUTCOME_TEXTS: dict[str, dict[str, str]] = {
    "contact_no_consent": {
        "de": "Ohne Ihre Zustimmung können wir die Anfrage nicht weitergeben; sie wurde "
              "verworfen.",
        "en": "Without your consent we cannot pass the request on; it has been discarded.",
        "pl": "Bez Twojej zgody nie możemy przekazać prośby; została odrzucona.",
        "cs": "Bez vašeho souhlasu nemůžeme žádost předat; byla zahozena.",
    },
    "contact_sent": {
        "de": "Vielen Dank! Ihre Anfrage ist bei uns eingegangen; wir melden uns per E-Mail.",
        "en": "Thank you! We have received your request and will get back to you by email.",
        "pl": "Dziękujemy! Otrzymaliśmy Twoją prośbę i odpowiemy e-mailem.",
        "cs": "Děkujeme! Vaši žádost jsme přijali a ozveme se e-mailem.",
    },
    "contact_cancelled": {
        "de": "Anfrage abgebrochen.", "en": "Request cancelled.",
        "pl": "Prośba anulowana.", "cs": "Žádost zrušena.",
    },
}


def checked_language(value: str | None) -> str | None:
    """A language code as given ("pl-PL" -> "pl-pl"), None for none or "auto"."""
    if value is None:
        return None
    value = value.strip()
    if not value or value.lower() == "auto":
        return None
    if not LANGUAGE_CODE.match(value):
        raise ValueError("language must be a code such as de, en, pl, cs or auto")
    return value.lower().replace("_", "-")


class ContactRequestIn(BaseModel):
    """What a person asking for a human advisor gives us, whichever channel they use."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=NAME_MAX)
    email: str = Field(min_length=3, max_length=EMAIL_MAX, json_schema_extra=EMAIL_SCHEMA)
    organisation: str | None = Field(None, max_length=ORGANISATION_MAX)
    message: str = Field(min_length=1, max_length=MESSAGE_MAX)
    language: str | None = Field(None, json_schema_extra=LANGUAGE_SCHEMA)
    # Strict: only JSON true is consent; "yes", 1 or "true" are not a visitor ticking the box.
    consent: Annotated[bool, Strict()] = Field(
        description="Must be true (the JSON boolean): the visitor agrees to be contacted.")
    session_id: str | None = Field(None, pattern=SESSION_ID)

    _check_language = field_validator("language")(checked_language)

    @field_validator("email")
    @classmethod
    def _plausible_email(cls, value: str) -> str:
        if not EMAIL.match(value):
            raise ValueError("email must look like name@example.org")
        return value


def contact_field_problem(name: str, value: str) -> FieldProblem | None:
    """What `ContactRequestIn` says about one field: ("too_long", limit), ("invalid", None), or
    None when it is fine. For channels that ask one field at a time."""
    sample: dict[str, Any] = {"name": "N", "email": "n@example.org", "message": "M",
                              "consent": True, name: value}
    try:
        ContactRequestIn.model_validate(sample)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "string_too_long":
            return "too_long", int((error.get("ctx") or {}).get("max_length", 0)) or None
        return "invalid", None
    return None


class ContactService:
    """Stores advisor requests for the staff console, whichever channel they come from."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store

    def submit(self, request: ContactRequestIn, *, language: str, channel: str,
               user_ref: str | None = None, client_key: str | None = None) -> ContactReceipt:
        """Store one request the visitor consented to. With `client_key` (a hash of the
        client's Idempotency-Key) a retry stores nothing new and gets the first receipt."""
        if not request.consent:
            raise ValueError("an advisor request is only stored with the visitor's consent")
        fields: dict[str, Any] = {
            "name": request.name, "email": request.email,
            "organisation": request.organisation or None, "message": request.message,
            "language": language, "consent": True, "session_id": request.session_id,
            "channel": channel, "user_ref": user_ref}
        if client_key is None:
            return ContactReceipt(id=self._store.add_contact(**fields), language=language,
                                  replayed=False, same_request=True)
        return self._store.add_contact_once(client_key, **fields)
