"""The guided funding conversation: which question to ask next, what an answer told us, and the
list of programmes once enough is known (or the asker skipped the rest).

One `FundingGuide` per assistant. A turn is either a question (with choices the channel shows
as buttons) or the programmes answer; the session's profile lives in the database
(`FundingProfileStore`) so any worker can continue the conversation and erasing the session
erases it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from bot.funding.texts import SKIP_WORDS, s
from bot.i18n import normalise_language
from knowledge.codes import country_name, fold
from knowledge.languages import FIRST_CLASS
from knowledge.programmes.matching import ProgrammeMatch, match
from knowledge.programmes.profile import (
    FundingProfile,
    FundingProfileStore,
    GuidedState,
    location_from_text,
    purposes_from_text,
    size_from_text,
    start_from_text,
)
from knowledge.programmes.reasons import (
    format_date,
    purpose_label,
    region_label,
    render,
    size_class_label,
)
from knowledge.programmes.records import PURPOSES, SIZE_CLASSES, ProgrammeRecord

log = logging.getLogger("lotse.funding")

SKIP = "skip"
# How many programmes an answer lists: the eligible ones first, then near misses to fill up.
SHOWN = 5
NEAR_MISSES_WHEN_FEWER_THAN = 2
# The share of the intent vote (knowledge/understanding/data/intents.yaml, "funding") from
# which a question starts the funding finder.
FUNDING_SHARE = 0.5
# A question that also asks for organisations shares the vote between the intents; with a
# funding word this share adds the programmes (dev: the two mixed questions have 0.21 and 0.27,
# organisation questions without a funding word up to 0.41).
MIXED_FUNDING_SHARE = 0.2
# Semantic candidates asked of the programme index per project text.
SEMANTIC_K = 30


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class GuidedQuestion:
    asks: str  # location | size | project | start
    text: str
    choices: tuple[Choice, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"asks": self.asks, "text": self.text,
                "choices": [{"value": c.value, "label": c.label} for c in self.choices]}


@dataclass
class FundingTurn:
    text: str
    question: GuidedQuestion | None = None
    matches: list[ProgrammeMatch] = field(default_factory=list)
    profile: FundingProfile = field(default_factory=FundingProfile)
    # The message answered a guided question: the reply is the funding text alone, not mixed
    # with whatever the documents say about "Liberec" or "March".
    continued: bool = False

    def programme_refs(self, lang: str) -> list[dict[str, Any]]:
        """The answer object's `programmes`."""
        return [{"id": m.record.id, "name": m.record.name(lang), "funder": m.record.funder,
                 "kind": m.record.kind, "why": why(m, lang),
                 "open_until": m.record.closes_on.isoformat() if m.record.closes_on else None,
                 "url": m.record.url or m.record.source_url} for m in self.matches]


class FundingGuide:
    def __init__(self, db: Any, catalogue: Callable[[], list[ProgrammeRecord]],
                 semantic: Callable[[str, int], dict[str, float]] | None = None,
                 organisation_name: Callable[[str], str | None] | None = None,
                 profile_from_text: Callable[[str, str], FundingProfile | None] | None = None,
                 today: Callable[[], date] = date.today) -> None:
        self.profiles = FundingProfileStore(db)
        self.catalogue = catalogue
        self.semantic = semantic
        self.organisation_name = organisation_name
        # The model's reading of a free-text description (a validated tool call), when a
        # model is configured; the rules below read the same facts without one.
        self.profile_from_text = profile_from_text
        self.today = today

    # -- state ----------------------------------------------------------------------------------
    def pending(self, session_id: str | None) -> bool:
        return bool(session_id) and self.profiles.load(session_id).pending is not None

    def forget(self, session_id: str) -> None:
        self.profiles.clear(session_id)

    # -- a turn ---------------------------------------------------------------------------------
    def step(self, session_id: str | None, message: str, lang: str, intent: dict[str, float],
             *, also_asked: bool, store: bool) -> FundingTurn | None:
        """The funding part of an assistant turn. `intent`: the question's intent shares;
        `also_asked`: the question asks for more than funding (organisations, or facts the
        documents answer), so the programmes come at once beside that answer instead of
        guided questions first; `store`: the session goes on (a dry run asks nothing)."""
        share = intent.get("funding", 0.0)
        starting = share >= FUNDING_SHARE or (
            also_asked and share >= MIXED_FUNDING_SHARE and mentions_funding(message))
        continuing = store and self.pending(session_id)
        if not starting and not continuing:
            return None
        records = self.catalogue()
        if not records:
            return None  # no catalogue imported: the documents answer funding questions
        if starting and not continuing and names_a_programme(message, records):
            # "Can my company apply for Interreg itself?" asks about one programme: the
            # documents answer that, not a list of programmes.
            return None
        # An answer to a guided question goes on with the questions whatever else it names.
        return self.turn(session_id if store else None, message, lang, starting=starting,
                         guided=store and (not also_asked or continuing))

    def turn(self, session_id: str | None, message: str, lang: str, *, starting: bool,
             guided: bool = True) -> FundingTurn | None:
        """The next step of the conversation for `message`, or None when the message is not
        part of it (the asker moved on to another question).

        `starting`: the message asks for funding (the intent vote said so). `guided`: the
        channel can continue the session, so missing facts are asked for; otherwise the answer
        comes at once with what is known.
        """
        lang = normalise_language(lang)
        state = self.profiles.load(session_id) if session_id else GuidedState()
        answered_one = False
        if state.pending is not None:
            answered, understood = self._answer(state, message, lang)
            if understood:
                state, answered_one = answered, True
            elif message.strip().endswith("?"):
                # A new question rather than an answer (a short one may even carry the funding
                # question before it, by the follow-up rewrite): leave the guided conversation.
                if session_id:
                    self.profiles.save(session_id, replace(state, pending=None))
                return None
            else:
                # Not understood: taken as a skip, so nobody is stuck on a question.
                state, answered_one = replace(state, skipped=(*state.skipped,
                                                              state.pending)), True
        if not answered_one:
            if not starting:
                return None
            # Facts and skips are kept for the session: a second funding question asks only
            # what was neither answered nor skipped.
            state = GuidedState(state.profile.merged(self._facts(message, lang)), None,
                                state.skipped)
        starting = not answered_one

        upcoming = state.next_question() if guided else None
        if upcoming is not None:
            question = self.question(upcoming, lang)
            prefix = s("intro", lang) + "\n\n" if state.pending is None and starting else ""
            if session_id:
                self.profiles.save(session_id, replace(state, pending=upcoming))
            return FundingTurn(prefix + question.text, question, profile=state.profile,
                               continued=not starting)
        if session_id:
            self.profiles.save(session_id, replace(state, pending=None))
        found = self.answer(state.profile, lang)
        found.continued = not starting
        return found

    def answer(self, profile: FundingProfile, lang: str) -> FundingTurn:
        today = self.today()
        semantic: dict[str, float] = {}
        if self.semantic is not None and profile.project_text.strip():
            try:
                semantic = self.semantic(profile.project_text, SEMANTIC_K)
            except Exception as exc:  # the index is an aid to ranking, not a requirement
                log.warning("programme index unavailable: %s", exc)
        matches = match(self.catalogue(), profile, today, semantic)
        shown = [m for m in matches if m.eligible][:SHOWN]
        if len(shown) < NEAR_MISSES_WHEN_FEWER_THAN:
            shown += [m for m in matches if not m.eligible and m.possible][:SHOWN - len(shown)]
        return FundingTurn(self.format(shown, profile, lang), None, shown, profile)

    # -- questions and answers ------------------------------------------------------------------
    def question(self, asks: str, lang: str) -> GuidedQuestion:
        choices: list[Choice] = []
        if asks == "size":
            choices = [Choice(c, s(f"size_{c}", lang)) for c in SIZE_CLASSES]
        elif asks == "project":
            choices = [Choice(p, purpose_label(p, lang)) for p in PURPOSES]
        choices.append(Choice(SKIP, s("skip", lang)))
        return GuidedQuestion(asks, s(f"ask_{asks}", lang), tuple(choices))

    def _answer(self, state: GuidedState, message: str, lang: str) -> tuple[GuidedState, bool]:
        """The pending question's answer put into the profile; False when not understood."""
        asks = state.pending
        assert asks is not None
        text = message.strip()
        if _is_skip(text):
            return replace(state, skipped=(*state.skipped, asks)), True
        facts = FundingProfile()
        if asks == "location":
            country, region = location_from_text(text)
            if country is not None:
                facts = FundingProfile(country=country, region=region)
        elif asks == "size":
            if text in SIZE_CLASSES:
                facts = FundingProfile(size_class=text)
            else:
                size_class, note = size_from_text(text)
                if size_class is not None:
                    facts = FundingProfile(size_class=size_class,
                                           notes={"size": note} if note else {})
        elif asks == "project":
            if text in PURPOSES:
                facts = FundingProfile(purposes=(text,))
            elif len(text) >= 3:
                facts = self._facts(text, lang)
                facts = replace(facts, project_text=text,
                                purposes=facts.purposes or purposes_from_text(text))
        elif asks == "start":
            start = start_from_text(text, self.today(), lang)
            if start is not None:
                facts = FundingProfile(start_date=start)
        if not facts.known(asks):
            return state, False
        # An answer may tell more than was asked ("in Liberec, 20 people"): keep all of it.
        extra = self._facts(text, lang) if asks != "project" else FundingProfile()
        profile = state.profile.merged(extra).merged(facts)
        return replace(state, profile=profile), True

    def _facts(self, text: str, lang: str) -> FundingProfile:
        """Every fact a free text states: by the model when one is configured, else by the
        rules (places, sizes by name or headcount, purposes by their words)."""
        if self.profile_from_text is not None:
            try:
                from_model = self.profile_from_text(text, lang)
            except Exception as exc:  # the model is an aid; the rules still read the text
                log.warning("profile from the model failed: %s", exc)
                from_model = None
            if from_model is not None:
                return from_model
        country, region = location_from_text(text)
        size_class, note = size_from_text(text)
        purposes = purposes_from_text(text)
        return FundingProfile(country=country, region=region, size_class=size_class,
                              purposes=purposes, project_text=text if purposes else "",
                              notes={"size": note} if note else {})

    # -- the answer -----------------------------------------------------------------------------
    def format(self, shown: list[ProgrammeMatch], profile: FundingProfile, lang: str) -> str:
        lines: list[str] = []
        facts = describe_profile(profile, lang)
        if facts:
            lines.append(s("profile_summary", lang, facts=facts))
        if not shown:
            lines.append(s("programmes_none", lang))
            return "\n".join(lines)
        lines.append(s("programmes_intro", lang))
        near_started = False
        for n, found in enumerate(shown, 1):
            if not found.eligible and not near_started:
                lines.append(s("programmes_near", lang))
                near_started = True
            lines.append(self.programme_lines(n, found, lang))
        lines.append(s("as_of_note", lang))
        return "\n".join(lines)

    def programme_lines(self, n: int, found: ProgrammeMatch, lang: str) -> str:
        record = found.record
        head = f"{n}. {record.name(lang)} – {record.funder}"
        if record.demo:
            head += " (demo)"
        parts = [head]
        fits = [render(r, lang) for r in found.fits]
        if fits:
            parts.append(f"   {s('fits_label', lang)}: {'; '.join(fits)}")
        if found.mismatches:
            misses = "; ".join(render(r, lang) for r in found.mismatches)
            parts.append(f"   {s('misses_label', lang)}: {misses}")
        if found.unknowns:
            unknown = "; ".join(render(r, lang) for r in found.unknowns)
            parts.append(f"   {s('unknown_label', lang)}: {unknown}")
        contact = (self.organisation_name(record.contact_org_id)
                   if self.organisation_name and record.contact_org_id else None)
        tail = []
        if contact:
            tail.append(f"{s('contact_label', lang)}: {contact}")
        if record.url or record.source_url:
            tail.append(record.url or record.source_url)
        from knowledge.programmes.reasons import Reason

        tail.append(render(Reason("as_of", {"date": record.checked_on}), lang))
        parts.append("   " + " · ".join(tail))
        return "\n".join(parts)


def why(found: ProgrammeMatch, lang: str) -> str:
    """One line for the answer object's `why`: what fits, then what does not or is unknown."""
    parts = [render(r, lang) for r in found.fits]
    parts += [f"{s('misses_label', lang)}: {render(r, lang)}" for r in found.mismatches]
    parts += [render(r, lang) for r in found.unknowns]
    return "; ".join(parts)


def describe_profile(profile: FundingProfile, lang: str) -> str:
    facts: list[str] = []
    if profile.region:
        facts.append(region_label(profile.region, lang))
    elif profile.country:
        facts.append(country_name(profile.country, lang))
    if profile.size_class:
        facts.append(size_class_label(profile.size_class, lang))
    facts += [purpose_label(p, lang) for p in profile.purposes]
    if profile.start_date:
        facts.append(s("start_label", lang, date=format_date(profile.start_date, lang)))
    return ", ".join(facts)


def names_a_programme(message: str, records: list[ProgrammeRecord]) -> bool:
    """Whether the message names one programme: a catalogue programme by a word of its name
    that no dictionary of the four languages knows (Interreg, EFRE, FEDS, WFS; ordinary words
    of names such as "Messen" or "Sachsen" do not count), or another one by a name written in
    capitals or with a hyphen that no dictionary knows ("EIC Accelerator", "go-digital")."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]{3,}", message)}
    names = tuple(sorted({name for r in records for name in r.names.values()}))
    if words & _distinctive_words(names):
        return True
    return any(_unknown_name(token) for token in re.findall(
        r"[^\W\d_]+(?:-[^\W\d_]+)+|\b[^\W\d_a-z]{2,}\b", message))


def mentions_funding(message: str) -> bool:
    """Whether the message uses a word asking for money or support (generic_terms.yaml)."""
    folded = fold(message)
    return any(re.search(rf"(?<!\w){re.escape(stem)}", folded)
               for stem in _generic_terms()["funding_words"])


def _unknown_name(token: str) -> bool:
    # simplemma's low-memory dictionaries: the same words known, read from the compressed stream
    # (about 90 MB for the four languages) instead of decoded into dicts (about 590 MB, 4 s at the
    # first funding question of a process; docs/PERFORMANCE.md, third session).
    import simplemma

    from knowledge.programmes.profile import _purpose_patterns

    if fold(token) in _generic_abbreviations() or any(
            pattern.match(fold(token)) for pattern in _purpose_patterns().values()):
        return False  # "KMU", "e-shop", "start-up": the asker's words, not a name
    return not any(simplemma.is_known(variant, lang=lang, low_memory=True)
                   for variant in {token, token.lower(), token.capitalize()}
                   for lang in FIRST_CLASS)


def _generic_abbreviations() -> frozenset[str]:
    return frozenset(_generic_terms()["abbreviations"])


@lru_cache(maxsize=1)
def _generic_terms() -> dict[str, frozenset[str]]:
    from pathlib import Path

    import yaml

    import knowledge.programmes

    path = Path(knowledge.programmes.__file__).parent / "generic_terms.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {"abbreviations": frozenset(fold(str(w)) for w in data["abbreviations"]),
            "funding_words": frozenset(fold(str(w)) for words in data["funding_words"].values()
                                       for w in words)}


@lru_cache(maxsize=8)
def _distinctive_words(names: tuple[str, ...]) -> frozenset[str]:
    import simplemma

    from knowledge.understanding import places_named

    words = {w for name in names for w in re.findall(r"[^\W\d_]{3,}", name)}
    # Place names ("Saxony") and purpose words are what a question says about itself.
    return frozenset(fold(w) for w in words
                     if not any(simplemma.is_known(w, lang=lang, low_memory=True) or
                                simplemma.is_known(w.lower(), lang=lang, low_memory=True)
                                for lang in FIRST_CLASS)
                     and not places_named(w) and not purposes_from_text(w))


def _is_skip(text: str) -> bool:
    folded = fold(text.strip().rstrip(".!"))
    return folded == SKIP or any(folded == fold(word) for words in SKIP_WORDS.values()
                                 for word in words)
