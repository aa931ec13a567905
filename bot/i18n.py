"""User-facing strings in the first-class languages; other languages get English.

Which languages those are, and their names, comes from the one registry (knowledge/languages.py).
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from knowledge.languages import FIRST_CLASS, flag, framing_language, native_names

SUPPORTED = FIRST_CLASS
# Each first-class language by its own name, for language pickers on every channel.
LANGUAGE_NAMES = native_names()
# The flag beside each name on buttons (Telegram's language keyboard).
LANGUAGE_FLAGS = {code: flag(code) for code in FIRST_CLASS}

STRINGS: dict[str, dict[str, str]] = {
    "found_intro": {
        "de": "Das habe ich in unseren Unterlagen gefunden:",
        "en": "Here is what I found in our documents:",
        "pl": "Oto, co znalazłem w naszych dokumentach:",
        "cs": "Toto jsem našel v našich podkladech:",
    },
    "sources_other_language": {
        "de": "(Die Quellen sind auf {langs} verfasst.)",
        "en": "(The sources are written in {langs}.)",
        "pl": "(Źródła są napisane w języku {langs}.)",
        "cs": "(Zdroje jsou napsány v {langs}.)",
    },
    # Some quoted sources are in the asker's language, these ({refs}: "[2]") are not.
    "sources_partly_other_language": {
        "de": "(Auf {langs} verfasst: {refs}.)",
        "en": "(Written in {langs}: {refs}.)",
        "pl": "(Napisane w języku {langs}: {refs}.)",
        "cs": "(Napsáno v {langs}: {refs}.)",
    },
    # One part of a compound question (or a follow-up) that the sources do not answer.
    "ask_not_in_sources": {
        "de": "Zu „{ask}“ steht in unseren Unterlagen nichts.",
        "en": "Our documents say nothing about “{ask}”.",
        "pl": "W naszych dokumentach nie ma informacji na temat: „{ask}”.",
        "cs": "K „{ask}“ v našich podkladech nic není.",
    },
    # The question names a project, programme or organisation no source mentions.
    "names_not_in_sources": {
        "de": "„{names}“ kommt in unseren Unterlagen nicht vor; Angaben zu etwas anderem "
              "gebe ich dafür nicht aus.",
        "en": "“{names}” does not appear in our documents, so I will not answer with facts "
              "about something else.",
        "pl": "„{names}” nie występuje w naszych dokumentach, więc nie podam w zamian "
              "informacji o czymś innym.",
        "cs": "„{names}“ se v našich podkladech nevyskytuje, takže místo toho neuvedu údaje "
              "o něčem jiném.",
    },
    "sources_heading": {
        "de": "Quellen:", "en": "Sources:", "pl": "Źródła:", "cs": "Zdroje:",
    },
    "companies_intro": {
        "de": "Diese Organisationen passen zu Ihrer Anfrage:",
        "en": "These organisations match your request:",
        "pl": "Te organizacje pasują do Twojego zapytania:",
        "cs": "Těmto organizacím odpovídá váš dotaz:",
    },
    "institutions_intro": {
        "de": "Diese Einrichtungen können Ihnen weiterhelfen:",
        "en": "These institutions can help you:",
        "pl": "Te instytucje mogą Ci pomóc:",
        "cs": "S tímto vám mohou pomoci tyto instituce:",
    },
    "offers": {"de": "bietet", "en": "offers", "pl": "oferuje", "cs": "nabízí"},
    "languages_spoken": {"de": "Sprachen", "en": "languages", "pl": "języki", "cs": "jazyky"},
    # A place far from every organisation in the database (knowledge.companies.search).
    "no_organisations_in": {
        "de": "In unserer Datenbank gibt es keine Organisationen in {places}.",
        "en": "We have no organisations in {places} in our database.",
        "pl": "W naszej bazie nie ma organizacji z miejsca: {places}.",
        "cs": "V naší databázi nemáme žádné organizace z místa: {places}.",
    },
    "constraints_unmet": {
        "de": "In unserer Datenbank passt keine Organisation zu: {what}. Am nächsten kommen diese:",
        "en": "No organisation in our database matches: {what}. The nearest are:",
        "pl": "Żadna organizacja w naszej bazie nie spełnia kryterium: {what}. Najbliższe są:",
        "cs": "Žádná organizace v naší databázi nesplňuje: {what}. Nejblíže jsou tyto:",
    },
    "nearest_intro": {
        "de": "Ebenfalls nah, aber nicht in allem passend:",
        "en": "Also close, though not matching everything:",
        "pl": "Również blisko, choć nie we wszystkim pasują:",
        "cs": "Také blízko, i když ne ve všem odpovídají:",
    },
    "misses": {"de": "nicht: {what}", "en": "not: {what}", "pl": "nie: {what}",
               "cs": "ne: {what}"},
    # {language} is bot.i18n.language_label: "Tschechisch", "Czech", "czeskim", "češtině"
    "spoken_language": {"de": "spricht {language}", "en": "speaks {language}",
                        "pl": "w języku {language}", "cs": "komunikace v {language}"},
    "demo_note": {
        "de": "Hinweis: Firmen mit (Demo) sind fiktive Beispieldaten.",
        "en": "Note: companies marked (demo) are fictional sample data.",
        "pl": "Uwaga: firmy oznaczone (demo) to fikcyjne dane przykładowe.",
        "cs": "Poznámka: firmy označené (demo) jsou smyšlená ukázková data.",
    },
    # What the assistant says when it found nothing; `not_found_text` adds how to reach an
    # advisor on the channel the question came from.
    "not_found": {
        "de": "Dazu habe ich in unseren Unterlagen leider nichts Verlässliches gefunden.",
        "en": "I'm sorry, I couldn't find anything reliable on that in our documents.",
        "pl": "Niestety nie znalazłem w naszych dokumentach wiarygodnych informacji na ten "
              "temat.",
        "cs": "Bohužel jsem k tomu v našich podkladech nenašel nic spolehlivého.",
    },
    "advisor_offer": {
        "de": "Gerne verbinde ich Sie mit einer Beraterin oder einem Berater unserer Agentur.",
        "en": "I'd be glad to put you in touch with one of our advisors.",
        "pl": "Chętnie skontaktuję Cię z doradcą naszej agencji.",
        "cs": "Rád vás spojím s poradcem naší agentury.",
    },
    # The widget's advisor button sits below the question box (bot/web/static/widget.js).
    "advisor_how_web": {
        "de": "Nutzen Sie dafür die Schaltfläche „Beratung anfragen“ unter dem Eingabefeld.",
        "en": "Use the \"Talk to an advisor\" button below the question box.",
        "pl": "Użyj przycisku „Kontakt z doradcą” pod polem pytania.",
        "cs": "Použijte tlačítko „Kontaktovat poradce“ pod polem pro otázku.",
    },
    # Telegram shows the advisor button under every answer and has the /contact command.
    "advisor_how_telegram": {
        "de": "Tippen Sie dafür unter dieser Antwort auf „Beratung anfragen“ oder senden Sie "
              "/contact.",
        "en": "Tap \"Talk to an advisor\" below this answer or send /contact.",
        "pl": "Dotknij „Kontakt z doradcą” pod tą odpowiedzią lub wyślij /contact.",
        "cs": "Klepněte pod touto odpovědí na „Kontaktovat poradce“ nebo pošlete /contact.",
    },
    # `lotse chat` understands /contact (bot/terminal_chat.py); `lotse ask` answers once, so
    # the text names the chat where the command works.
    "advisor_how_cli": {
        "de": "Geben Sie dafür im Terminal-Chat (lotse chat) /contact ein.",
        "en": "Type /contact in the terminal chat (lotse chat) to leave your details.",
        "pl": "Wpisz /contact w czacie w terminalu (lotse chat), aby zostawić swoje dane.",
        "cs": "Napište /contact v chatu v terminálu (lotse chat) a zanechte nám své údaje.",
    },
    "empty_question": {
        "de": "Bitte stellen Sie eine Frage.",
        "en": "Please ask a question.",
        "pl": "Proszę zadać pytanie.",
        "cs": "Položte prosím otázku.",
    },
    "llm_fallback_notice": {
        "de": "Hinweis: Der Sprachassistent ist gerade nicht erreichbar; dies ist eine "
              "automatisch zusammengestellte Antwort aus unseren Unterlagen.",
        "en": "Note: the language model is unavailable right now; this answer was assembled "
              "automatically from our documents.",
        "pl": "Uwaga: model językowy jest obecnie niedostępny; ta odpowiedź została "
              "automatycznie zestawiona z naszych dokumentów.",
        "cs": "Upozornění: jazykový model je momentálně nedostupný; tato odpověď byla "
              "automaticky sestavena z našich podkladů.",
    },
    "question_shortened": {
        "de": "Hinweis: Ihre Frage war sehr lang; ich habe nur ihren Anfang gelesen "
              "(etwa {words}). Stellen Sie Einzelheiten gern als eigene Frage.",
        "en": "Note: your question was very long; I read only its beginning "
              "(about {words}). Feel free to ask about details separately.",
        "pl": "Uwaga: pytanie było bardzo długie; przeczytałem tylko jego początek "
              "(około {words}). Szczegóły proszę zadać w osobnym pytaniu.",
        "cs": "Upozornění: otázka byla velmi dlouhá; přečetl jsem jen její začátek "
              "(asi {words}). Na podrobnosti se prosím zeptejte zvlášť.",
    },
    "error": {
        "de": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
        "en": "Sorry, something went wrong. Please try again.",
        "pl": "Przepraszamy, coś poszło nie tak. Spróbuj ponownie.",
        "cs": "Omlouváme se, něco se pokazilo. Zkuste to prosím znovu.",
    },
}


def normalise_language(lang: str | None) -> str:
    """A first-class language code: the language itself, the one its readers understand
    (Slovak: Czech), or English as the framing language for all others."""
    return framing_language(lang)


# Counted nouns: one form per CLDR plural category of each language; Babel's plural rules pick
# the category for a number (Polish 1 słowo, 2 słowa, 5 słów; Czech 1 slovo, 3 slova, 5 slov).
# A string placeholder named like one of them, given an integer, becomes "<n> <noun>".
COUNTED: dict[str, dict[str, dict[str, str]]] = {
    "words": {
        "de": {"one": "Wort", "other": "Wörter"},
        "en": {"one": "word", "other": "words"},
        "pl": {"one": "słowo", "few": "słowa", "many": "słów", "other": "słowa"},
        "cs": {"one": "slovo", "few": "slova", "many": "slova", "other": "slov"},
    },
    "questions": {
        "de": {"one": "Frage", "other": "Fragen"},
        "en": {"one": "question", "other": "questions"},
        "pl": {"one": "pytanie", "few": "pytania", "many": "pytań", "other": "pytania"},
        "cs": {"one": "otázka", "few": "otázky", "many": "otázky", "other": "otázek"},
    },
}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_category(count: float, lang: str | None) -> str:
    """The CLDR plural category of `count` in `lang`: one, two, few, many or other."""
    return _locale(normalise_language(lang)).plural_form(count)


def counted(count: int, noun: str, lang: str | None, forms: dict[str, dict[str, str]]
            | None = None) -> str:
    """ "5 słów", "1 word": the number with the noun in the form its language's rules ask for.
    `forms` is a catalogue like COUNTED (the default) for nouns kept elsewhere."""
    by_language = (forms or COUNTED)[noun]
    code = normalise_language(lang)
    if code not in by_language:
        code = "en"
    texts = by_language[code]
    return f"{count} {texts.get(plural_category(count, code), texts['other'])}"


def translated(texts: dict[str, str], lang: str | None, **kwargs: object) -> str:
    """One string's version for `lang` (English for other languages), formatted; every
    channel's string table goes through here. Integer values of placeholders named in
    COUNTED come out with their noun ("{words}" -> "37 słów")."""
    text = texts.get(normalise_language(lang), texts["en"])
    if not kwargs:
        return text
    values = {name: counted(value, name, lang)
              if name in COUNTED and isinstance(value, int) and not isinstance(value, bool)
              else value for name, value in kwargs.items()}
    return text.format(**values)


def t(key: str, lang: str | None, **kwargs: object) -> str:
    return translated(STRINGS[key], lang, **kwargs)


# Each language's name as it stands in this module's sentences (Polish and Czech in the
# locative: "w języku polskim", "v češtině"), which CLDR does not give.
LANGUAGE_LABELS = {
    "de": {"de": "Deutsch", "en": "German", "pl": "niemieckim", "cs": "němčině"},
    "en": {"de": "Englisch", "en": "English", "pl": "angielskim", "cs": "angličtině"},
    "pl": {"de": "Polnisch", "en": "Polish", "pl": "polskim", "cs": "polštině"},
    "cs": {"de": "Tschechisch", "en": "Czech", "pl": "czeskim", "cs": "češtině"},
}


# Channels with their own way to ask for an advisor; any other (the golden-set runs, say) gets
# the offer without instructions.
ADVISOR_CHANNELS = ("web", "telegram", "cli")


def not_found_text(lang: str | None, channel: str | None = None) -> str:
    """"Nothing reliable found" plus the advisor offer, naming what exists on `channel`: the
    widget's button, Telegram's button and /contact, or the terminal's /contact."""
    parts = [t("not_found", lang), t("advisor_offer", lang)]
    if channel in ADVISOR_CHANNELS:
        parts.append(t(f"advisor_how_{channel}", lang))
    return " ".join(parts)


def language_label(code: str, in_lang: str) -> str:
    return LANGUAGE_LABELS.get(code, {}).get(normalise_language(in_lang), code)
