"""Strings the web API itself says to visitors (the widget carries its own UI strings)."""

from __future__ import annotations

from bot.i18n import translated

WEB_STRINGS: dict[str, dict[str, str]] = {
    "invalid_request": {
        "de": "Die Anfrage ist ungültig.",
        "en": "The request is not valid.",
        "pl": "Żądanie jest nieprawidłowe.",
        "cs": "Požadavek je neplatný.",
    },
    "consent_required": {
        "de": "Bitte bestätigen Sie die Einwilligung, damit wir Sie kontaktieren dürfen.",
        "en": "Please confirm your consent so that we may contact you.",
        "pl": "Potwierdź zgodę, abyśmy mogli się z Tobą skontaktować.",
        "cs": "Potvrďte prosím souhlas, abychom vás mohli kontaktovat.",
    },
    "idempotency_key_reused": {
        "de": "Dieser Idempotency-Key gehört zu einer anderen Anfrage.",
        "en": "This Idempotency-Key belongs to a different request.",
        "pl": "Ten Idempotency-Key należy do innego żądania.",
        "cs": "Tento Idempotency-Key patří k jinému požadavku.",
    },
    "message_not_found": {
        "de": "Diese Nachricht gibt es nicht (mehr).",
        "en": "This message does not exist (any more).",
        "pl": "Ta wiadomość nie istnieje (już).",
        "cs": "Tato zpráva neexistuje (už).",
    },
    "session_not_found": {
        "de": "Dieses Gespräch gibt es nicht (mehr).",
        "en": "This conversation does not exist (any more).",
        "pl": "Ta rozmowa nie istnieje (już).",
        "cs": "Tato konverzace neexistuje (už).",
    },
    "feedback_thanks": {
        "de": "Danke für Ihre Rückmeldung!",
        "en": "Thank you for your feedback!",
        "pl": "Dziękujemy za opinię!",
        "cs": "Děkujeme za zpětnou vazbu!",
    },
    "contact_received": {
        "de": "Danke! Eine Beraterin oder ein Berater meldet sich bei Ihnen.",
        "en": "Thank you! An advisor will get in touch with you.",
        "pl": "Dziękujemy! Doradca skontaktuje się z Tobą.",
        "cs": "Děkujeme! Poradce se vám ozve.",
    },
    "rate_limited": {
        "de": "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment.",
        "en": "Too many requests in a short time. Please wait a moment.",
        "pl": "Zbyt wiele żądań w krótkim czasie. Proszę chwilę poczekać.",
        "cs": "Příliš mnoho požadavků v krátké době. Chvíli prosím počkejte.",
    },
    "unavailable": {
        "de": "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
        "en": "The service is unavailable right now. Please try again in a moment.",
        "pl": "Usługa jest chwilowo niedostępna. Spróbuj ponownie za chwilę.",
        "cs": "Služba je momentálně nedostupná. Zkuste to prosím za chvíli znovu.",
    },
    "not_found": {
        "de": "Diese Adresse gibt es nicht.",
        "en": "There is nothing at this address.",
        "pl": "Pod tym adresem nic nie ma.",
        "cs": "Na této adrese nic není.",
    },
}

# What is wrong with one field of a request, by pydantic's error type, so that the whole
# validation message reads in the visitor's language (the field names stay as sent).
PROBLEM_STRINGS: dict[str, dict[str, str]] = {
    "missing": {
        "de": "fehlt", "en": "is missing", "pl": "brak wartości", "cs": "chybí",
    },
    "too_short": {
        "de": "ist leer oder zu kurz", "en": "is empty or too short",
        "pl": "jest puste lub za krótkie", "cs": "je prázdné nebo příliš krátké",
    },
    "too_long": {
        "de": "ist zu lang (höchstens {max_length} Zeichen)",
        "en": "is too long (at most {max_length} characters)",
        "pl": "jest za długie (maksymalnie {max_length} znaków)",
        "cs": "je příliš dlouhé (nejvýše {max_length} znaků)",
    },
    "bad_format": {
        "de": "hat kein gültiges Format", "en": "is not in a valid format",
        "pl": "ma nieprawidłowy format", "cs": "nemá platný formát",
    },
    "one_of": {
        "de": "muss einer dieser Werte sein: {expected}", "en": "must be one of: {expected}",
        "pl": "musi mieć jedną z wartości: {expected}", "cs": "musí mít jednu z hodnot: {expected}",
    },
    "not_json": {
        "de": "ist kein gültiges JSON", "en": "is not valid JSON",
        "pl": "nie jest poprawnym JSON-em", "cs": "není platný JSON",
    },
    "unexpected": {
        "de": "ist hier nicht vorgesehen", "en": "is not expected here",
        "pl": "nie jest tu przewidziane", "cs": "zde není očekáváno",
    },
    "wrong_type": {
        "de": "hat den falschen Typ", "en": "has the wrong type",
        "pl": "ma nieprawidłowy typ", "cs": "má nesprávný typ",
    },
}

_PROBLEM_BY_ERROR_TYPE = {
    "missing": "missing",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "string_pattern_mismatch": "bad_format",
    "value_error": "bad_format",  # our own checks: language code, e-mail address
    "literal_error": "one_of",
    "json_invalid": "not_json",
    "extra_forbidden": "unexpected",
    "string_type": "wrong_type",
    "bool_type": "wrong_type",
    "bool_parsing": "wrong_type",
    "model_attributes_type": "wrong_type",
    "dict_type": "wrong_type",
}


def problem_text(error_type: str, context: dict | None, lang: str | None) -> str | None:
    """One field's problem in the visitor's language, or None for an error type we do not
    phrase ourselves (the caller then keeps pydantic's English text)."""
    key = _PROBLEM_BY_ERROR_TYPE.get(error_type)
    if key is None:
        return None
    template = web_text(key, lang, PROBLEM_STRINGS)
    try:
        return template.format(**(context or {}))
    except (KeyError, IndexError, ValueError):
        return template.split(" (", 1)[0].split(":", 1)[0]


def web_text(key: str, lang: str | None,
             table: dict[str, dict[str, str]] | None = None) -> str:
    return translated((WEB_STRINGS if table is None else table)[key], lang)


def language_from_header(accept_language: str | None) -> str | None:
    """The first language of an Accept-Language header, e.g. "pl-PL,pl;q=0.9" -> "pl"."""
    if not accept_language:
        return None
    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    return first.split("-", 1)[0].lower() or None
