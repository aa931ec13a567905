"""Strings the web API itself says to visitors (the widget carries its own UI strings)."""

from __future__ import annotations

from bot.i18n import normalise_language

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
    "not_found": {
        "de": "Diese Adresse gibt es nicht.",
        "en": "There is nothing at this address.",
        "pl": "Pod tym adresem nic nie ma.",
        "cs": "Na této adrese nic není.",
    },
}


def web_text(key: str, lang: str | None) -> str:
    table = WEB_STRINGS[key]
    return table.get(normalise_language(lang), table["en"])


def language_from_header(accept_language: str | None) -> str | None:
    """The first language of an Accept-Language header, e.g. "pl-PL,pl;q=0.9" -> "pl"."""
    if not accept_language:
        return None
    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    return first.split("-", 1)[0].lower() or None
