"""What the funding conversation says, in German, English, Polish and Czech."""

from __future__ import annotations

from bot.i18n import translated

STRINGS: dict[str, dict[str, str]] = {
    "intro": {
        "de": "Ich suche passende Förderprogramme für Sie. Dazu ein paar kurze Fragen – "
              "jede können Sie überspringen.",
        "en": "I will look for funding programmes that fit. A few short questions first – "
              "you can skip any of them.",
        "pl": "Poszukam odpowiednich programów wsparcia. Najpierw kilka krótkich pytań – "
              "każde można pominąć.",
        "cs": "Vyhledám vhodné dotační programy. Nejdřív pár krátkých otázek – "
              "kteroukoli můžete přeskočit.",
    },
    "ask_location": {
        "de": "Wo sitzt Ihr Unternehmen? (Ort, Region oder Land)",
        "en": "Where is your company based? (town, region or country)",
        "pl": "Gdzie ma siedzibę Twoja firma? (miejscowość, region lub kraj)",
        "cs": "Kde sídlí vaše firma? (obec, kraj nebo země)",
    },
    "ask_size": {
        "de": "Wie groß ist Ihr Unternehmen? Wählen Sie eine Größe oder nennen Sie die Zahl "
              "der Beschäftigten.",
        "en": "How big is your company? Pick a size or tell me how many people work there.",
        "pl": "Jak duża jest Twoja firma? Wybierz wielkość lub podaj liczbę pracowników.",
        "cs": "Jak velká je vaše firma? Vyberte velikost nebo uveďte počet zaměstnanců.",
    },
    "ask_project": {
        "de": "Worum geht es in Ihrem Vorhaben? Wählen Sie ein Thema oder beschreiben Sie es "
              "in einem Satz.",
        "en": "What is your project about? Pick a topic or describe it in a sentence.",
        "pl": "Czego dotyczy Twój projekt? Wybierz temat lub opisz go jednym zdaniem.",
        "cs": "Čeho se váš projekt týká? Vyberte téma nebo ho popište jednou větou.",
    },
    "ask_start": {
        "de": "Wann soll das Vorhaben beginnen? (z. B. „März 2027“)",
        "en": "When should the project start? (e.g. \"March 2027\")",
        "pl": "Kiedy projekt ma się rozpocząć? (np. „marzec 2027”)",
        "cs": "Kdy má projekt začít? (např. „březen 2027“)",
    },
    "not_understood": {
        "de": "Das habe ich nicht verstanden.",
        "en": "I did not understand that.",
        "pl": "Nie zrozumiałem.",
        "cs": "Tomu jsem nerozuměl.",
    },
    "skip": {"de": "Überspringen", "en": "Skip", "pl": "Pomiń", "cs": "Přeskočit"},
    "size_micro": {"de": "Kleinst (unter 10 Beschäftigte)", "en": "Micro (fewer than 10 staff)",
                   "pl": "Mikro (poniżej 10 osób)", "cs": "Mikro (méně než 10 lidí)"},
    "size_small": {"de": "Klein (unter 50)", "en": "Small (fewer than 50)",
                   "pl": "Mała (poniżej 50)", "cs": "Malá (méně než 50)"},
    "size_medium": {"de": "Mittel (unter 250)", "en": "Medium (fewer than 250)",
                    "pl": "Średnia (poniżej 250)", "cs": "Střední (méně než 250)"},
    "size_large": {"de": "Groß (250 und mehr)", "en": "Large (250 or more)",
                   "pl": "Duża (250 i więcej)", "cs": "Velká (250 a více)"},
    "programmes_intro": {
        "de": "Diese Förderprogramme kommen für Ihr Vorhaben in Frage:",
        "en": "These funding programmes may fit your project:",
        "pl": "Te programy wsparcia mogą pasować do Twojego projektu:",
        "cs": "Pro váš projekt mohou připadat v úvahu tyto programy:",
    },
    "programmes_near": {
        "de": "Nicht ganz passend, aber nah dran:",
        "en": "Not quite matching, but close:",
        "pl": "Nie do końca pasujące, ale bliskie:",
        "cs": "Ne úplně vhodné, ale blízké:",
    },
    "programmes_none": {
        "de": "In unserem Katalog habe ich kein offenes Programm gefunden, das zu Ihren Angaben "
              "passt. Eine Beraterin oder ein Berater hilft Ihnen gern weiter.",
        "en": "I found no open programme in our catalogue that fits what you told me. An "
              "advisor will be glad to help.",
        "pl": "W naszym katalogu nie znalazłem otwartego programu pasującego do podanych "
              "informacji. Chętnie pomoże doradca.",
        "cs": "V našem katalogu jsem nenašel otevřený program, který by odpovídal vašim "
              "údajům. Rád pomůže poradce.",
    },
    "profile_summary": {
        "de": "Ihre Angaben: {facts}.", "en": "What you told me: {facts}.",
        "pl": "Twoje dane: {facts}.", "cs": "Vaše údaje: {facts}.",
    },
    "start_label": {"de": "Beginn {date}", "en": "start {date}", "pl": "start {date}",
                    "cs": "začátek {date}"},
    "fits_label": {"de": "passt", "en": "fits", "pl": "pasuje", "cs": "sedí"},
    "misses_label": {"de": "passt nicht", "en": "does not fit", "pl": "nie pasuje",
                     "cs": "nesedí"},
    "unknown_label": {"de": "offen", "en": "unknown", "pl": "nieznane", "cs": "neznámé"},
    "contact_label": {"de": "Ansprechpartner", "en": "contact", "pl": "kontakt",
                      "cs": "kontakt"},
    "more_label": {"de": "mehr", "en": "more", "pl": "więcej", "cs": "více"},
    "as_of_note": {
        "de": "Angaben ohne Gewähr, Stand wie angegeben; bitte prüfen Sie die Bedingungen beim "
              "Fördergeber.",
        "en": "Facts as of the dates given; please check the conditions with the funder.",
        "pl": "Dane według podanego stanu; warunki prosimy sprawdzić u instytucji "
              "udzielającej wsparcia.",
        "cs": "Údaje podle uvedeného data; podmínky si prosím ověřte u poskytovatele.",
    },
}

# Answers meaning "skip this question" (compared folded, whole message).
SKIP_WORDS = {
    "de": ("überspringen", "weiter", "weiß nicht", "weiss nicht", "keine ahnung", "egal",
           "keine angabe", "nein danke"),
    "en": ("skip", "next", "don't know", "dont know", "not sure", "no idea", "pass"),
    "pl": ("pomiń", "pomin", "dalej", "nie wiem", "nie mam pojęcia", "bez znaczenia"),
    "cs": ("přeskočit", "preskocit", "dál", "dale", "nevím", "nevim", "netuším", "nezáleží"),
}


def s(key: str, lang: str | None, **kwargs: object) -> str:
    return translated(STRINGS[key], lang, **kwargs)
