"""Language identification for documents and (often very short) questions.

lingua in low-accuracy mode keeps memory small (~35 MB for the set below) and is reliable on
sentences; on two- or three-word questions ("und in Polen?", "Who runs it?") it guesses, so a
small lexicon of function words and the letters unique to each first-class language decide there.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

FIRST_CLASS = ("de", "en", "pl", "cs")

_LINGUA = {
    Language.GERMAN: "de",
    Language.ENGLISH: "en",
    Language.POLISH: "pl",
    Language.CZECH: "cs",
    Language.SLOVAK: "sk",
    Language.FRENCH: "fr",
    Language.ITALIAN: "it",
    Language.SPANISH: "es",
    Language.UKRAINIAN: "uk",
    Language.RUSSIAN: "ru",
    Language.DUTCH: "nl",
}

# Letters that occur in one first-class language only.
_LETTERS = {
    "pl": set("łąęśźżńó"),
    "cs": set("řěůťďňý"),
    "de": set("äöüß"),
}

_WORDS = {
    "de": """und der die das ist wer wie was wo wann welche welcher gibt es ich wir sie mit für
        von zu im in auf auch nicht ein eine einen bei nach dem den des hat haben kann können
        suche sucht gibt firma firmen förderung unternehmen hallo danke bitte""".split(),
    "en": """and the is who what where when which how there are i we you with for of to in on
        also not a an at after has have can could looking find company companies funding
        help me my does do hello thanks please about""".split(),
    "pl": """i w z na jest kto co gdzie kiedy jaki jaka jakie jak czy są się nie do od dla
        po przez ma mają może szukam szuka firma firmy dzień dobry dziękuję proszę projekt
        projektu który która""".split(),
    "cs": """a v ve s se na je kdo co kde kdy jaký jaká jaké jak jsou není do od pro po
        má mají může hledám hledá firma firmy dobrý den děkuji prosím projekt projektu
        který která ahoj""".split(),
}

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


class LanguageIdentifier:
    def __init__(self) -> None:
        self._detector: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(*_LINGUA)
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )

    def _lexicon_scores(self, words: list[str], text: str) -> dict[str, float]:
        scores = dict.fromkeys(FIRST_CLASS, 0.0)
        lowered = text.lower()
        for lang, letters in _LETTERS.items():
            if any(ch in letters for ch in lowered):
                scores[lang] += 2.0
        for w in words:
            for lang, vocab in _WORDS.items():
                if w in vocab:
                    scores[lang] += 1.0
        return scores

    def detect(self, text: str, default: str | None = None) -> str | None:
        """ISO 639-1 code of `text`, or `default` when the text gives nothing to go on."""
        words = [w.lower() for w in _TOKEN.findall(text)]
        if not words:
            return default
        lex = self._lexicon_scores(words, text)
        confidences = self._detector.compute_language_confidence_values(text)
        ranked = [(_LINGUA[c.language], c.value) for c in confidences]
        if len(words) <= 5:
            best = max(lex, key=lambda k: lex[k])
            if lex[best] >= 1.0 and list(lex.values()).count(lex[best]) == 1:
                return best
            if ranked and ranked[0][1] >= 0.9:
                return ranked[0][0]
            return default or (ranked[0][0] if ranked else None)
        if not ranked:
            return default
        top, conf = ranked[0]
        # Czech and Slovak are close; prefer the first-class one unless lingua is sure.
        if top == "sk" and conf < 0.8 and lex["cs"] > 0:
            return "cs"
        if top not in FIRST_CLASS and conf < 0.6:
            best = max(lex, key=lambda k: lex[k])
            if lex[best] > 0:
                return best
        return top


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


def get_language_identifier() -> LanguageIdentifier:
    with _lock:
        return _identifier()


def detect_language(text: str, default: str | None = None) -> str | None:
    return get_language_identifier().detect(text, default)
