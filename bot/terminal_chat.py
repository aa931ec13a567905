"""`lotse chat`: the assistant in a terminal, with the commands this channel offers.

Lines starting with "/" are commands (/help, /contact, /new, /lang, /quit); everything else is
a question. An empty line does nothing; only /quit or Ctrl-D (end of input) end the chat, so a
stray Enter never throws a conversation away. The advisor request (/contact) asks the same
fields as the widget's form, checked by the web API's own model, and is stored like the other
channels' requests, with the visitor's consent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console

from bot.core.services.contact import (
    CONTACT_OUTCOME_TEXTS,
    ContactRequestIn,
    contact_field_problem,
)
from bot.i18n import LANGUAGE_NAMES, SUPPORTED, normalise_language, translated

if TYPE_CHECKING:
    from bot.core.assistant import Assistant
    from bot.core.schemas import Answer

CHAT_TEXTS: dict[str, dict[str, str]] = {
    "banner": {
        "de": "Lotse – fragen Sie auf Deutsch, English, po polsku, česky. "
              "/help zeigt die Befehle, /quit oder Strg-D beendet.",
        "en": "Lotse – ask in German, English, Polish or Czech. "
              "/help lists the commands, /quit or Ctrl-D ends the chat.",
        "pl": "Lotse – pytaj po niemiecku, angielsku, polsku lub czesku. "
              "/help pokazuje polecenia, /quit lub Ctrl-D kończy rozmowę.",
        "cs": "Lotse – ptejte se německy, anglicky, polsky nebo česky. "
              "/help ukáže příkazy, /quit nebo Ctrl-D chat ukončí.",
    },
    "help": {
        "de": "Ich beantworte Fragen aus den Unterlagen unserer Agentur und nenne die Quellen; "
              "ich finde auch Firmen, Einrichtungen und Forschungspartner. Anschlussfragen wie "
              "„und das Budget?“ beziehen sich auf die vorige Frage.\n\n"
              "Befehle:\n"
              "  /help             diese Hilfe\n"
              "  /contact          Beratung anfragen: Ihre Kontaktdaten für unsere Agentur\n"
              "  /new              neues Gespräch beginnen\n"
              "  /lang de|en|pl|cs Antwortsprache festlegen (/lang auto: wie die Frage)\n"
              "  /quit             beenden (oder Strg-D)",
        "en": "I answer questions from our agency's documents and name the sources; I also "
              "find companies, institutions and research partners. Follow-ups such as \"and "
              "the budget?\" refer to the previous question.\n\n"
              "Commands:\n"
              "  /help             this help\n"
              "  /contact          talk to an advisor: leave your details for our agency\n"
              "  /new              start a fresh conversation\n"
              "  /lang de|en|pl|cs set the answer language (/lang auto: as the question)\n"
              "  /quit             leave (or Ctrl-D)",
        "pl": "Odpowiadam na pytania na podstawie dokumentów naszej agencji i podaję źródła; "
              "wyszukuję też firmy, instytucje i partnerów badawczych. Pytania uzupełniające, "
              "np. „a budżet?”, odnoszą się do poprzedniego pytania.\n\n"
              "Polecenia:\n"
              "  /help             ta pomoc\n"
              "  /contact          kontakt z doradcą: zostaw dane dla naszej agencji\n"
              "  /new              rozpocznij nową rozmowę\n"
              "  /lang de|en|pl|cs ustaw język odpowiedzi (/lang auto: jak pytanie)\n"
              "  /quit             zakończ (lub Ctrl-D)",
        "cs": "Odpovídám na otázky z podkladů naší agentury a uvádím zdroje; vyhledám také "
              "firmy, instituce a výzkumné partnery. Navazující otázky jako „a rozpočet?“ se "
              "vztahují k předchozí otázce.\n\n"
              "Příkazy:\n"
              "  /help             tato nápověda\n"
              "  /contact          kontaktovat poradce: zanechte údaje pro naši agenturu\n"
              "  /new              začít nový rozhovor\n"
              "  /lang de|en|pl|cs nastavit jazyk odpovědí (/lang auto: podle otázky)\n"
              "  /quit             ukončit (nebo Ctrl-D)",
    },
    "new_conversation": {
        "de": "Neues Gespräch begonnen: Ihre nächste Frage baut nicht mehr auf den bisherigen "
              "auf.",
        "en": "Fresh conversation started: your next question no longer builds on the earlier "
              "ones.",
        "pl": "Rozpoczęto nową rozmowę: następne pytanie nie nawiązuje już do poprzednich.",
        "cs": "Začal nový rozhovor: další otázka už nenavazuje na ty předchozí.",
    },
    "lang_set": {
        "de": "Ich antworte ab jetzt auf {language}.",
        "en": "I will answer in {language} from now on.",
        "pl": "Od teraz odpowiadam w języku: {language}.",
        "cs": "Od teď odpovídám v jazyce: {language}.",
    },
    "lang_auto": {
        "de": "Ich antworte in der Sprache Ihrer Frage.",
        "en": "I will answer in the language of your question.",
        "pl": "Odpowiadam w języku pytania.",
        "cs": "Odpovídám v jazyce otázky.",
    },
    "lang_current": {
        "de": "Antwortsprache: {current}. Ändern mit /lang de, en, pl, cs oder auto.",
        "en": "Answer language: {current}. Change it with /lang de, en, pl, cs or auto.",
        "pl": "Język odpowiedzi: {current}. Zmiana: /lang de, en, pl, cs lub auto.",
        "cs": "Jazyk odpovědí: {current}. Změna: /lang de, en, pl, cs nebo auto.",
    },
    "lang_as_question": {
        "de": "wie die Frage", "en": "as the question", "pl": "jak pytanie",
        "cs": "podle otázky",
    },
    "lang_unknown": {
        "de": "Die Sprache „{code}“ kenne ich nicht. Möglich sind de, en, pl, cs und auto.",
        "en": "I don't know the language \"{code}\". Choose de, en, pl, cs or auto.",
        "pl": "Nie znam języka „{code}”. Do wyboru: de, en, pl, cs lub auto.",
        "cs": "Jazyk „{code}“ neznám. Na výběr je de, en, pl, cs nebo auto.",
    },
    "unknown_command": {
        "de": "Den Befehl {command} gibt es hier nicht. /help zeigt alle Befehle.",
        "en": "There is no command {command} here. /help lists them all.",
        "pl": "Nie ma tu polecenia {command}. /help pokazuje wszystkie polecenia.",
        "cs": "Příkaz {command} tu není. /help ukáže všechny příkazy.",
    },
    "interrupted": {
        "de": "(Beenden mit /quit oder Strg-D.)",
        "en": "(To leave, type /quit or press Ctrl-D.)",
        "pl": "(Aby zakończyć, wpisz /quit lub naciśnij Ctrl-D.)",
        "cs": "(Pro ukončení napište /quit nebo stiskněte Ctrl-D.)",
    },
    "goodbye": {
        "de": "Auf Wiedersehen!", "en": "Goodbye!", "pl": "Do widzenia!", "cs": "Na shledanou!",
    },
    "contact_intro": {
        "de": "Gerne vermittle ich Sie an eine Beraterin oder einen Berater unserer Agentur. "
              "Abbrechen mit /cancel.",
        "en": "I'll gladly put you in touch with an advisor from our agency. "
              "Type /cancel to stop.",
        "pl": "Chętnie skontaktuję Cię z doradcą naszej agencji. Aby przerwać, wpisz /cancel.",
        "cs": "Rád vás spojím s poradcem naší agentury. Zrušení: /cancel.",
    },
    "contact_name": {
        "de": "Ihr Name", "en": "Your name", "pl": "Imię i nazwisko", "cs": "Vaše jméno",
    },
    "contact_email": {
        "de": "Ihre E-Mail-Adresse", "en": "Your email address", "pl": "Twój adres e-mail",
        "cs": "Váš e-mail",
    },
    "contact_organisation": {
        "de": "Unternehmen oder Organisation (optional, Enter überspringt)",
        "en": "Company or organisation (optional, Enter skips)",
        "pl": "Firma lub organizacja (opcjonalnie, Enter pomija)",
        "cs": "Firma nebo organizace (nepovinné, Enter přeskočí)",
    },
    "contact_message": {
        "de": "Ihr Anliegen in ein paar Sätzen",
        "en": "Your request in a few sentences",
        "pl": "Twoja sprawa w kilku zdaniach",
        "cs": "Váš požadavek několika větami",
    },
    "contact_consent": {
        "de": "Dürfen wir Ihre Angaben speichern und Sie zu Ihrem Anliegen kontaktieren? (j/n)",
        "en": "May we store your details and contact you about your request? (y/n)",
        "pl": "Czy możemy zapisać Twoje dane i skontaktować się z Tobą w tej sprawie? (t/n)",
        "cs": "Smíme vaše údaje uložit a kontaktovat vás ohledně vašeho požadavku? (a/n)",
    },
    "contact_required": {
        "de": "Diese Angabe brauchen wir.", "en": "We need this one.",
        "pl": "Ta informacja jest potrzebna.", "cs": "Tento údaj potřebujeme.",
    },
    "contact_email_invalid": {
        "de": "Das sieht nicht nach einer E-Mail-Adresse aus, z. B. name@firma.de.",
        "en": "That doesn't look like an email address, e.g. name@company.com.",
        "pl": "To nie wygląda na adres e-mail, np. imie@firma.pl.",
        "cs": "To nevypadá jako e-mailová adresa, např. jmeno@firma.cz.",
    },
    "contact_too_long": {
        "de": "Das ist zu lang – höchstens {limit} Zeichen, bitte.",
        "en": "That is too long – at most {limit} characters, please.",
        "pl": "To za długie – maksymalnie {limit} znaków.",
        "cs": "To je příliš dlouhé – nejvýše {limit} znaků, prosím.",
    },
    "contact_yes_or_no": {
        "de": "Bitte mit j (ja) oder n (nein) antworten.",
        "en": "Please answer y (yes) or n (no).",
        "pl": "Odpowiedz t (tak) lub n (nie).",
        "cs": "Odpovězte prosím a (ano) nebo n (ne).",
    },
    # How the request ended: the same words in every channel.
    **CONTACT_OUTCOME_TEXTS,
}

# Answers to the consent question in the four languages (j/ja, y/yes, t/tak, a/ano).
YES = frozenset({"j", "ja", "y", "yes", "t", "tak", "a", "ano"})
NO = frozenset({"n", "nein", "no", "nie", "ne"})


def chat_text(key: str, lang: str | None, **kwargs: object) -> str:
    return translated(CHAT_TEXTS[key], lang, **kwargs)


def locale_language(environ: Mapping[str, str] = os.environ) -> str | None:
    """The terminal's language from the POSIX locale variables (LC_ALL wins), e.g.
    "cs_CZ.UTF-8" -> "cs"; None for the C/POSIX locale or a language we do not speak."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".", 1)[0].split("_", 1)[0].lower()
            return code if code in SUPPORTED else None
    return None


class ChatEnded(Exception):
    """End of input (Ctrl-D) or /quit."""


class ContactCancelled(Exception):
    """/cancel while the advisor request is being filled in."""


@dataclass
class TerminalChat:
    """One conversation in the terminal: reads lines, answers questions, runs commands."""

    assistant: Assistant
    console: Console
    print_answer: Callable[[Answer], None]
    # The answer language set with --lang or /lang; None: the language of each question.
    answer_language: str | None = None
    session_id: str | None = None
    # The language the chat's own texts are in: the answer language once there is one.
    interface_language: str = field(default="en")

    def __post_init__(self) -> None:
        if self.answer_language:
            self.interface_language = normalise_language(self.answer_language)

    def say(self, key: str, **kwargs: object) -> None:
        self.console.print(chat_text(key, self.interface_language, **kwargs), markup=False,
                           highlight=False)

    def read(self, prompt: str) -> str:
        try:
            return self.console.input(prompt)
        except EOFError as exc:
            raise ChatEnded from exc

    def run(self) -> None:
        self.say("banner")
        try:
            while True:
                try:
                    line = self.read("[bold cyan]› [/]").strip()
                except KeyboardInterrupt:
                    # Ctrl-C clears the line, as in a shell; leaving is /quit or Ctrl-D.
                    self.console.print()
                    self.say("interrupted")
                    continue
                if not line:
                    continue
                if line.startswith("/"):
                    self.command(line)
                else:
                    self.ask(line)
        except ChatEnded:
            self.console.print()
            self.say("goodbye")

    def ask(self, question: str) -> None:
        try:
            with self.console.status("…"):
                result = self.assistant.ask(question, session_id=self.session_id,
                                            language=self.answer_language, channel="cli")
        except KeyboardInterrupt:
            self.console.print()
            return
        answer = result.answer
        self.session_id = answer.session_id
        self.interface_language = normalise_language(answer.language)
        self.print_answer(answer)
        self.console.print()

    def command(self, line: str) -> None:
        name, _, argument = line[1:].partition(" ")
        name, argument = name.lower(), argument.strip()
        if name in ("quit", "exit", "q"):
            raise ChatEnded
        if name == "help":
            self.say("help")
        elif name == "new":
            self.session_id = None
            self.say("new_conversation")
        elif name in ("lang", "language"):
            self.set_language(argument)
        elif name == "contact":
            try:
                self.request_advisor()
            except ContactCancelled:
                self.say("contact_cancelled")
        else:
            self.say("unknown_command", command=line.split()[0])

    def set_language(self, argument: str) -> None:
        code = argument.lower()
        if not code:
            current = (LANGUAGE_NAMES.get(self.answer_language, self.answer_language)
                       if self.answer_language
                       else chat_text("lang_as_question", self.interface_language))
            self.say("lang_current", current=current)
        elif code == "auto":
            self.answer_language = None
            self.say("lang_auto")
        elif normalise_language(code) == code or code == "cz":
            self.answer_language = normalise_language(code)
            self.interface_language = self.answer_language
            self.say("lang_set", language=LANGUAGE_NAMES[self.answer_language])
        else:
            self.say("lang_unknown", code=argument)

    # -- the advisor request ----------------------------------------------------------------
    def request_advisor(self) -> None:
        self.say("contact_intro")
        name = self.ask_field("name", "contact_name", required=True)
        email = self.ask_field("email", "contact_email", required=True)
        organisation = self.ask_field("organisation", "contact_organisation", required=False)
        message = self.ask_field("message", "contact_message", required=True)
        if not self.ask_consent():
            self.say("contact_no_consent")
            return
        request = ContactRequestIn(name=name, email=email, organisation=organisation or None,
                                   message=message, consent=True, session_id=self.session_id)
        self.assistant.services.contacts.submit(request, language=self.interface_language,
                                                channel="cli")
        self.say("contact_sent")

    def ask_line(self, label_key: str) -> str:
        value = self.read(chat_text(label_key, self.interface_language) + ": ").strip()
        if value.lower() == "/cancel":
            raise ContactCancelled
        return value

    def ask_field(self, name: str, label_key: str, *, required: bool) -> str:
        while True:
            value = self.ask_line(label_key)
            if not value:
                if not required:
                    return ""
                self.say("contact_required")
                continue
            problem = contact_field_problem(name, value)
            if problem is None:
                return value
            kind, limit = problem
            if kind == "too_long":
                self.say("contact_too_long", limit=limit)
            else:
                self.say("contact_email_invalid")

    def ask_consent(self) -> bool:
        while True:
            answer = self.ask_line("contact_consent").lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("contact_yes_or_no")
