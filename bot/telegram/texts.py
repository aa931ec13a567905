"""What the Telegram bot says, in the four first-class languages (others get English).

Kept beside the bot rather than in bot/i18n.py because these strings only make sense in a chat
with commands and buttons.
"""

from __future__ import annotations

from bot.core.services.contact import CONTACT_OUTCOME_TEXTS
from bot.i18n import SUPPORTED, normalise_language, translated
from bot.i18n import t as core_text

# Command name -> description shown in Telegram's command menu, per language.
COMMANDS: dict[str, dict[str, str]] = {
    "start": {
        "de": "Begrüßung und Sprachwahl",
        "en": "Welcome and language choice",
        "pl": "Powitanie i wybór języka",
        "cs": "Uvítání a volba jazyka",
    },
    "help": {
        "de": "Was ich kann, mit Beispielfragen",
        "en": "What I can do, with example questions",
        "pl": "Co potrafię, z przykładowymi pytaniami",
        "cs": "Co umím, s ukázkovými otázkami",
    },
    "language": {
        "de": "Sprache ändern",
        "en": "Change the language",
        "pl": "Zmień język",
        "cs": "Změnit jazyk",
    },
    "new": {
        "de": "Neues Gespräch beginnen",
        "en": "Start a fresh conversation",
        "pl": "Rozpocznij nową rozmowę",
        "cs": "Začít nový rozhovor",
    },
    "contact": {
        "de": "Beratung durch unsere Agentur anfragen",
        "en": "Ask for an advisor from our agency",
        "pl": "Poproś o kontakt z doradcą agencji",
        "cs": "Požádat o poradce naší agentury",
    },
    "forget": {
        "de": "Meine gespeicherten Daten löschen",
        "en": "Delete my stored data",
        "pl": "Usuń moje zapisane dane",
        "cs": "Smazat moje uložená data",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "de": "Hallo {name}! Ich bin Lotse, der digitale Wegweiser unserer Wirtschaftsförderung. "
              "Fragen Sie mich nach Förderprogrammen, Projekten, Partnerfirmen und "
              "Beratungsangeboten – einfach eine Nachricht schreiben.\n\n"
              "In welcher Sprache möchten Sie schreiben?",
        "en": "Hello {name}! I am Lotse, the digital guide of our business development agency. "
              "Ask me about funding programmes, projects, partner companies and advisory "
              "services – just send a message.\n\nWhich language would you like to use?",
        "pl": "Dzień dobry, {name}! Jestem Lotse, cyfrowy przewodnik naszej agencji rozwoju "
              "gospodarczego. Zapytaj mnie o programy wsparcia, projekty, firmy partnerskie i "
              "usługi doradcze – wystarczy napisać wiadomość.\n\nW jakim języku chcesz pisać?",
        "cs": "Dobrý den, {name}! Jsem Lotse, digitální průvodce naší agentury pro podporu "
              "podnikání. Ptejte se mě na dotační programy, projekty, partnerské firmy a "
              "poradenství – stačí napsat zprávu.\n\nV jakém jazyce chcete psát?",
    },
    "choose_language": {
        "de": "Bitte wählen Sie Ihre Sprache:",
        "en": "Please choose your language:",
        "pl": "Wybierz swój język:",
        "cs": "Vyberte prosím svůj jazyk:",
    },
    "language_set": {
        "de": "Alles klar, ich antworte Ihnen ab jetzt auf Deutsch.",
        "en": "All right, I will answer you in English from now on.",
        "pl": "W porządku, od teraz odpowiadam po polsku.",
        "cs": "Dobře, od teď vám budu odpovídat česky.",
    },
    "help": {
        "de": "Ich beantworte Fragen aus den Unterlagen unserer Agentur und nenne dazu die "
              "Quellen. Ich finde auch Firmen, Einrichtungen und Forschungspartner.\n\n"
              "Zum Beispiel:\n• Wer leitet das Projekt InnoCoopPolSax?\n"
              "• Wie hoch ist das Budget von Glokalisierung?\n"
              "• Welche Firmen in Tschechien suchen Zulieferer?\n\n"
              "Befehle: /new neues Gespräch · /language Sprache · /contact Beratung anfragen · "
              "/forget meine Daten löschen",
        "en": "I answer questions from our agency's documents and name the sources. I can also "
              "find companies, institutions and research partners.\n\nFor example:\n"
              "• Who leads the InnoCoopPolSax project?\n"
              "• What is the budget of Glokalisierung?\n"
              "• Which companies in Czechia are looking for suppliers?\n\n"
              "Commands: /new fresh conversation · /language language · /contact talk to an "
              "advisor · /forget delete my data",
        "pl": "Odpowiadam na pytania na podstawie dokumentów naszej agencji i podaję źródła. "
              "Wyszukuję też firmy, instytucje i partnerów badawczych.\n\nNa przykład:\n"
              "• Kto prowadził projekt InnoCoopPolSax?\n"
              "• Jaki jest budżet projektu Glokalisierung?\n"
              "• Które firmy w Czechach szukają dostawców?\n\n"
              "Polecenia: /new nowa rozmowa · /language język · /contact kontakt z doradcą · "
              "/forget usuń moje dane",
        "cs": "Odpovídám na otázky z podkladů naší agentury a uvádím zdroje. Vyhledám také "
              "firmy, instituce a výzkumné partnery.\n\nNapříklad:\n"
              "• Kdo vede projekt InnoCoopPolSax?\n"
              "• Jaký je rozpočet projektu Glokalisierung?\n"
              "• Které firmy v Polsku hledají dodavatele?\n\n"
              "Příkazy: /new nový rozhovor · /language jazyk · /contact kontakt s poradcem · "
              "/forget smazat moje data",
    },
    "new_conversation": {
        "de": "Neues Gespräch begonnen. Was möchten Sie wissen?",
        "en": "Fresh conversation started. What would you like to know?",
        "pl": "Rozpoczęto nową rozmowę. Co chcesz wiedzieć?",
        "cs": "Začal nový rozhovor. Co byste chtěli vědět?",
    },
    "non_text": {
        "de": "Danke! Bilder, Sprachnachrichten, Sticker und Dateien kann ich leider nicht "
              "lesen. Bitte schreiben Sie mir Ihre Frage als Text.",
        "en": "Thank you! I'm afraid I can't read pictures, voice messages, stickers or files. "
              "Please type your question as text.",
        "pl": "Dziękuję! Niestety nie potrafię odczytać zdjęć, wiadomości głosowych, naklejek "
              "ani plików. Napisz proszę swoje pytanie tekstem.",
        "cs": "Děkuji! Obrázky, hlasové zprávy, nálepky ani soubory bohužel přečíst neumím. "
              "Napište mi prosím svůj dotaz textem.",
    },
    "rate_limited": {
        "de": "Sie schreiben schneller, als ich lesen kann 🙂 Bitte warten Sie einen Moment "
              "und fragen Sie dann noch einmal.",
        "en": "You're writing faster than I can read 🙂 Please wait a moment, then ask again.",
        "pl": "Piszesz szybciej, niż nadążam czytać 🙂 Poczekaj chwilę i zapytaj ponownie.",
        "cs": "Píšete rychleji, než stíhám číst 🙂 Chvíli počkejte a zeptejte se znovu.",
    },
    "button_contact": {
        "de": "Beratung anfragen", "en": "Talk to an advisor",
        "pl": "Kontakt z doradcą", "cs": "Kontaktovat poradce",
    },
    "feedback_thanks": {
        "de": "Danke für Ihre Rückmeldung!", "en": "Thank you for your feedback!",
        "pl": "Dziękuję za opinię!", "cs": "Děkuji za zpětnou vazbu!",
    },
    # After a thumbs-down: the prompt forces a reply, so a reason is told apart from a new
    # question by being a reply to it.
    "feedback_reason_ask": {
        "de": "Schade! Was hat nicht gepasst? Antworten Sie auf diese Nachricht mit einem "
              "kurzen Grund – das hilft uns, besser zu werden. (Freiwillig: eine neue Frage "
              "schreiben Sie einfach wie gewohnt.)",
        "en": "Sorry about that! What was wrong? Reply to this message with a short reason – "
              "it helps us improve. (Optional: a new question you simply type as usual.)",
        "pl": "Szkoda! Co było nie tak? Odpowiedz na tę wiadomość, krótko podając powód – to "
              "pomoże nam się poprawić. (Opcjonalnie: nowe pytanie po prostu napisz jak "
              "zwykle.)",
        "cs": "To mě mrzí! Co nebylo v pořádku? Odpovězte na tuto zprávu krátkým důvodem – "
              "pomůže nám to zlepšit se. (Nepovinné: novou otázku prostě napište jako "
              "obvykle.)",
    },
    "feedback_reason_placeholder": {
        "de": "Grund (freiwillig)", "en": "Reason (optional)",
        "pl": "Powód (opcjonalnie)", "cs": "Důvod (nepovinné)",
    },
    "feedback_reason_thanks": {
        "de": "Danke, das sehen wir uns an.",
        "en": "Thank you, we will look into it.",
        "pl": "Dziękujemy, przyjrzymy się temu.",
        "cs": "Děkujeme, podíváme se na to.",
    },
    "feedback_gone": {
        "de": "Diese Antwort ist nicht mehr gespeichert.",
        "en": "This answer is no longer stored.",
        "pl": "Ta odpowiedź nie jest już zapisana.",
        "cs": "Tato odpověď už není uložena.",
    },
    "forget_confirm": {
        "de": "Soll ich alle Ihre Gespräche, Rückmeldungen und Beratungsanfragen endgültig "
              "löschen?",
        "en": "Shall I permanently delete all your conversations, feedback and advisor "
              "requests?",
        "pl": "Czy mam trwale usunąć wszystkie Twoje rozmowy, opinie i prośby o kontakt?",
        "cs": "Mám trvale smazat všechny vaše rozhovory, zpětnou vazbu a žádosti o poradce?",
    },
    "forget_done": {
        "de": "Erledigt: Ihre Daten sind gelöscht.",
        "en": "Done: your data has been deleted.",
        "pl": "Gotowe: Twoje dane zostały usunięte.",
        "cs": "Hotovo: vaše data byla smazána.",
    },
    "forget_kept": {
        "de": "In Ordnung, es wurde nichts gelöscht.",
        "en": "All right, nothing was deleted.",
        "pl": "W porządku, nic nie zostało usunięte.",
        "cs": "Dobře, nic nebylo smazáno.",
    },
    "yes_delete": {
        "de": "Ja, löschen", "en": "Yes, delete", "pl": "Tak, usuń", "cs": "Ano, smazat",
    },
    "no_keep": {"de": "Nein", "en": "No", "pl": "Nie", "cs": "Ne"},
    "yes": {"de": "Ja", "en": "Yes", "pl": "Tak", "cs": "Ano"},
    "cancel": {"de": "Abbrechen", "en": "Cancel", "pl": "Anuluj", "cs": "Zrušit"},
    "skip": {"de": "Überspringen", "en": "Skip", "pl": "Pomiń", "cs": "Přeskočit"},
    "send": {"de": "Absenden", "en": "Send", "pl": "Wyślij", "cs": "Odeslat"},
    "contact_private_only": {
        "de": "Für eine Beratungsanfrage schreiben Sie mir bitte direkt (privater Chat).",
        "en": "To ask for an advisor, please write to me directly (private chat).",
        "pl": "Aby poprosić o doradcę, napisz do mnie bezpośrednio (czat prywatny).",
        "cs": "Pro žádost o poradce mi prosím napište přímo (soukromý chat).",
    },
    "contact_name": {
        "de": "Gerne vermittle ich Sie an eine Beraterin oder einen Berater. Wie heißen Sie?",
        "en": "I'll gladly put you in touch with an advisor. What is your name?",
        "pl": "Chętnie skontaktuję Cię z doradcą. Jak się nazywasz?",
        "cs": "Rád vás spojím s poradcem. Jak se jmenujete?",
    },
    "contact_email": {
        "de": "Unter welcher E-Mail-Adresse erreichen wir Sie?",
        "en": "Which email address can we reach you at?",
        "pl": "Pod jakim adresem e-mail możemy się z Tobą skontaktować?",
        "cs": "Na jaké e-mailové adrese vás zastihneme?",
    },
    "contact_email_invalid": {
        "de": "Das sieht nicht nach einer E-Mail-Adresse aus. Bitte noch einmal, z. B. "
              "name@firma.de.",
        "en": "That doesn't look like an email address. Please try again, e.g. "
              "name@company.com.",
        "pl": "To nie wygląda na adres e-mail. Spróbuj ponownie, np. imie@firma.pl.",
        "cs": "To nevypadá jako e-mailová adresa. Zkuste to prosím znovu, např. "
              "jmeno@firma.cz.",
    },
    "contact_organisation": {
        "de": "Für welches Unternehmen oder welche Organisation fragen Sie? (optional)",
        "en": "Which company or organisation are you asking for? (optional)",
        "pl": "W imieniu jakiej firmy lub organizacji piszesz? (opcjonalnie)",
        "cs": "Za jakou firmu nebo organizaci se ptáte? (nepovinné)",
    },
    "contact_message": {
        "de": "Worum geht es? Beschreiben Sie Ihr Anliegen in ein paar Sätzen.",
        "en": "What is it about? Describe your request in a few sentences.",
        "pl": "W jakiej sprawie? Opisz swoją prośbę w kilku zdaniach.",
        "cs": "O co jde? Popište svůj požadavek několika větami.",
    },
    "contact_consent": {
        "de": "Dürfen wir Ihre Angaben speichern und Sie dazu kontaktieren? Sie können sie "
              "jederzeit mit /forget löschen.",
        "en": "May we store your details and contact you about this? You can delete them at "
              "any time with /forget.",
        "pl": "Czy możemy zapisać Twoje dane i skontaktować się z Tobą w tej sprawie? W każdej "
              "chwili możesz je usunąć poleceniem /forget.",
        "cs": "Smíme vaše údaje uložit a kontaktovat vás v této věci? Kdykoli je můžete smazat "
              "příkazem /forget.",
    },
    "contact_summary": {
        "de": "Bitte prüfen Sie Ihre Anfrage:\n\nName: {name}\nE-Mail: {email}\n"
              "Organisation: {organisation}\nAnliegen: {message}",
        "en": "Please check your request:\n\nName: {name}\nEmail: {email}\n"
              "Organisation: {organisation}\nRequest: {message}",
        "pl": "Sprawdź swoją prośbę:\n\nImię i nazwisko: {name}\nE-mail: {email}\n"
              "Organizacja: {organisation}\nSprawa: {message}",
        "cs": "Zkontrolujte prosím svou žádost:\n\nJméno: {name}\nE-mail: {email}\n"
              "Organizace: {organisation}\nPožadavek: {message}",
    },
    "contact_too_long": {
        "de": "Das ist etwas lang – bitte höchstens {limit} Zeichen.",
        "en": "That is a bit long – at most {limit} characters, please.",
        "pl": "To trochę za długie – maksymalnie {limit} znaków.",
        "cs": "To je trochu dlouhé – nejvýše {limit} znaků, prosím.",
    },
    "none": {"de": "–", "en": "–", "pl": "–", "cs": "–"},
    # How the request ended: the same words in every channel.
    **CONTACT_OUTCOME_TEXTS,
}


def text(key: str, lang: str | None, **kwargs: object) -> str:
    """A bot string; keys not defined here fall back to the shared strings (e.g. 'error')."""
    table = TEXTS.get(key)
    if table is None:
        return core_text(key, lang, **kwargs)
    return translated(table, lang, **kwargs)


def command_menu(lang: str | None) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands; `None` gives the default (English)."""
    code = normalise_language(lang) if lang else "en"
    return [(name, descriptions[code]) for name, descriptions in COMMANDS.items()]


MENU_LANGUAGES = SUPPORTED
