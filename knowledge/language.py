"""Language identification for documents and (often very short) questions.

lingua in low-accuracy mode keeps memory small (~35 MB for the set below) and is reliable on
sentences; on two- or three-word questions ("und in Polen?", "Who runs it?") it guesses, so a
small lexicon of function words and the letters unique to each first-class language decide there.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from knowledge.languages import FIRST_CLASS

# Besides the first-class languages, the ones questions most often come in otherwise (each
# costs lingua memory, so the set stays small); they are answered best-effort.
_ALSO_DETECTED = ("sk", "fr", "it", "es", "uk", "ru", "nl")
_LINGUA = {Language.from_iso_code_639_1(IsoCode639_1.from_str(code)): code
           for code in (*FIRST_CLASS, *_ALSO_DETECTED)}

# Letters that occur in one first-class language only (Czech also has á é í ú č š ž: of
# de/en/pl/cs only Czech writes them; Polish writes ż, not ž, and ó, which Czech has in
# loanwords only).
_LETTERS = {
    "pl": set("łąęśźżńó"),
    "cs": set("řěůťďňýáéíúčšž"),
    "de": set("äöüß"),
}

_WORDS = {
    "de": """und der die das ist wer wie was wo wann welche welcher gibt es ich wir sie mit für
        von zu im in auf auch nicht ein eine einen bei nach dem den des hat haben kann können
        suche sucht gibt firma firmen förderung unternehmen hallo danke bitte sind wird
        werden oder aber über einer sich mich uns mein meine unser welches""".split(),
    "en": """and the is who what where when which how there are i we you with for of to in on
        also not a an at after has have can could looking find company companies funding
        help me my does do hello thanks please about was were be by from or but will would
        should this that your our any""".split(),
    "pl": """i w z na jest kto co gdzie kiedy jaki jaka jakie jak czy są się nie do od dla
        po przez ma mają może szukam szuka firma firmy dzień dobry dziękuję proszę projekt
        projektu który która mogę czym być lub albo ale mnie moja moje mój jaką których ile
        oraz""".split(),
    "cs": """a v ve s se na je kdo co kde kdy jaký jaká jaké jak jsou není do od pro po
        má mají může hledám hledá firma firmy dobrý den děkuji prosím projekt projektu
        který která ahoj jsem jste mohu můžu moje můj nebo mně kolik jakou čím proč""".split(),
}

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_RAW_TOKEN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?:;]$")


def without_names(text: str) -> str:
    """The text minus what looks like a proper name or acronym ("Wirtschaftsförderung Sachsen",
    "THINGS+", "InnoCoopPolSax"): questions name German institutions in every language, and
    those names would outvote the few words that show the asker's language. Sentence-initial
    words stay, and so do German nouns' function words, which carry the evidence anyway."""
    kept: list[str] = []
    sentence_start = True
    for raw in _RAW_TOKEN.findall(text):
        word = raw.strip("\"'„“”‚‘’«»()[]{}¿¡")
        letters = [ch for ch in word if ch.isalpha()]
        name_like = bool(letters) and (
            any(ch.isupper() for ch in letters[1:]) or any(ch.isdigit() for ch in word)
            or (letters[0].isupper() and not sentence_start))
        if not name_like:
            kept.append(raw)
        sentence_start = bool(_SENTENCE_END.search(raw))
    return " ".join(kept)


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
        if not _TOKEN.search(text):
            return default
        core = without_names(text)
        if len(_TOKEN.findall(core)) >= 3:
            text = core
        words = [w.lower() for w in _TOKEN.findall(text)]
        lex = self._lexicon_scores(words, text)
        best = max(lex, key=lambda k: lex[k])
        unique = list(lex.values()).count(lex[best]) == 1
        runner_up = sorted(lex.values())[-2]
        # Short questions: lingua guesses, the function words decide.
        if len(words) <= 8 and lex[best] >= 2.0 and lex[best] - runner_up >= 2.0:
            return best
        if len(words) <= 5 and lex[best] >= 1.0 and unique:
            return best
        # lingua only where the cheap evidence did not decide (it costs a few milliseconds).
        confidences = self._detector.compute_language_confidence_values(text)
        ranked = [(_LINGUA[c.language], c.value) for c in confidences]
        if len(words) <= 5:
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
