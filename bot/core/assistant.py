"""The assistant core every channel calls: language, routing, retrieval, answer, conversation.

Channels (CLI, web, Telegram, console) only call `Assistant.ask`; they never reach into stores.
One `Assistant` per process holds the embedder, the stores and the answer engines.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import asdict
from functools import cached_property
from typing import Any

from bot.conversations import ConversationStore, Turn, new_id
from bot.core.answering.documents import DocumentAnswerer, organisation_text
from bot.core.answering.extractive import ExtractiveAnswerer, lexical_support
from bot.core.answering.routing import (
    asks_for_a_document_fact,
    conversation_subject,
    is_follow_up,
    split_route,
)
from bot.core.answering.scope import leans_off_topic, words_outside_corpus
from bot.core.answering.vectors import SentenceVectors
from bot.core.contracts import (
    AnswerContext,
    AnswerResult,
    GateDecision,
    LLMEngine,
    LLMUnavailable,
    TokenCallback,
)
from bot.core.model.client import chat_model
from bot.core.question_length import cut_to_tokens
from bot.core.schemas import Answer, CompanyRef, SourceRef, Trace
from bot.core.services import Services
from bot.funding.guide import FundingTurn
from bot.funding.wiring import build_guide
from bot.i18n import language_label, normalise_language, not_found_text, t
from knowledge.db import get_database
from knowledge.embeddings import get_embedder
from knowledge.language import detect_language
from knowledge.retrieval import Passage, Retriever
from knowledge.settings import Settings
from knowledge.tuning import ANSWER_GATE, AnswerGateTuning, for_embedder

log = logging.getLogger("lotse.assistant")

# Openers of elliptic follow-ups ("und in Polen?", "and in Czechia?", "a w Czechach?").
_FOLLOW_UP = re.compile(
    r"^(und|and|a|i|oraz|also|what about|how about|und was|a co|co z|a jak|und wie|und wo|"
    r"und wer|and who|and where|a kde|a kdo|a gdzie|a kto)\b", re.I)


class Assistant:
    def __init__(self, settings: Settings, *, llm: LLMEngine | None = None) -> None:
        self.settings = settings
        self.db = get_database(settings)
        self.embedder = get_embedder(settings)
        self.retriever = Retriever(settings, self.embedder, self.db)
        self.conversations = ConversationStore(self.db)
        self.extractive = ExtractiveAnswerer(embed=SentenceVectors(self.retriever))
        self.documents = DocumentAnswerer(
            self.retriever, self.extractive,
            lambda query, passages: self.relevant_passages(query, passages),
            strong_from=lambda: self.settings.answer_threshold + self.answer_gate.strong_margin)
        self.companies = _company_search(settings)
        self.funding = build_guide(settings, self.db, self.embedder, self.companies,
                                   chat_model=chat_model)
        self.answer_gate: AnswerGateTuning = for_embedder(
            ANSWER_GATE, getattr(self.embedder, "identity", None), "answer gate")
        self.llm = llm
        if self.llm is None and settings.use_llm:
            from bot.core.model import LLMAnswerer

            self.llm = LLMAnswerer(settings, retriever=self.retriever,
                                   company_search=self.companies)
        # Reads each question's places, trades and intent: the model when one is used
        # (LOTSE_QUERY_ANALYSER), with the offline analyser as its fallback.
        self.query_analyser = _query_analyser(settings, self.companies)

    @cached_property
    def services(self) -> Services:
        """What the faces use instead of the stores above (bot/core/services)."""
        return Services(self.settings, db=self.db, embedder=self.embedder,
                        retriever=self.retriever, organisation_search=self.companies,
                        conversation_store=self.conversations,
                        answer_mode=lambda: "llm" if self.llm is not None else "extractive")

    def warm_up(self) -> None:
        """Everything the first question would otherwise build: the lexical index, the
        embedder, the gazetteer and the example-question vectors (cached in the data dir, so
        later processes on it load them). Servers and `lotse bootstrap` call this."""
        self.retriever.warm_up()
        if self.companies is not None:
            # The analyser's data and the in-memory organisations with their vocabulary.
            self.companies.warm()

    # -- language ---------------------------------------------------------------------------
    def pick_language(self, question: str, explicit: str | None,
                      session_language: str | None) -> str:
        if explicit:
            return explicit.lower()[:8]
        return detect_language(question, default=session_language) or session_language or "en"

    # -- follow-ups -------------------------------------------------------------------------
    def standalone_query(self, question: str, history: list[Turn], language: str) -> str:
        previous = [turn for turn in history if turn.role == "user"]
        if not previous:
            return question
        if self.llm is not None:
            try:
                return self.llm.rewrite(question, history, language)
            except LLMUnavailable as exc:
                log.warning("follow-up rewrite failed: %s", exc)
        if is_follow_up(question, language) or _FOLLOW_UP.match(question.strip()) or (
                asks_for_a_document_fact(question, language)
                and not self.gate(question, self.retriever.search(question, k=5)).kept):
            # A message naming no subject of its own ("How much money did it have?", or "How
            # many people were trained?" when the documents have no answer to it alone) is
            # about the subject of the last earlier message that named one.
            subject = conversation_subject([turn.text for turn in previous], language)
            return f"{subject} {question}"
        return question

    # -- the whole turn ---------------------------------------------------------------------
    def ask(self, question: str, *, session_id: str | None = None, language: str | None = None,
            channel: str = "cli", user_ref: str | None = None,
            on_token: TokenCallback | None = None, store: bool = True,
            history: list[Turn] | None = None, guided: bool = True) -> AnswerResult:
        """One turn. `history`, when given, replaces the stored session's earlier turns: the
        console replays a conversation that way without storing anything."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        question = (question or "").strip()
        session_language = (self.conversations.session_language(session_id)
                            if session_id else None)
        lang = self.pick_language(question, language, session_language)
        if store:
            session_id = self.conversations.ensure_session(session_id, channel, lang, user_ref)
        elif not session_id:
            # A dry run (console playground, golden sets) leaves no empty session behind.
            session_id = new_id("s")
        if history is None:
            history = self.conversations.history(session_id, limit=10)
        timings["language_ms"] = _ms(started)

        trace = Trace()
        if not question:
            answer = Answer(answer=t("empty_question", lang), language=normalise_language(lang),
                            mode="extractive", answered=False, session_id=session_id,
                            message_id=new_id("m"))
            return AnswerResult(answer, trace)
        # Before anything embeds it: the cost of a question grows with its length.
        question, shortened = cut_to_tokens(question, self.embedder.count_tokens,
                                            self.settings.question_max_tokens)
        if self.llm is not None:
            self.llm.begin_turn()

        step = time.perf_counter()
        query = self.standalone_query(question, history, lang)
        trace.query = query
        timings["rewrite_ms"] = _ms(step)

        # Both searches run for every question (each costs milliseconds and shares the one
        # query embedding); what is shown is decided from the intent and what they found.
        step = time.perf_counter()
        analysis, found = self._search_companies(question, query, lang, history)
        timings["companies_ms"] = _ms(step)
        step = time.perf_counter()
        # What the documents answer: the whole question, or (`split_route`) only its asks
        # that do not ask for organisations, which are searched with their own words.
        asked, searched = question, query
        split = (split_route(question, lang, analysis, self.query_analyser,
                             self.embedder.embed_query, self.retriever, self.companies)
                 if query == question else None)
        if split is not None and self.companies is not None:
            asked = searched = split.document_question
            found = self.companies.search_detailed(
                split.organisation_query, lang, limit=5, analysis=split.organisation_analysis,
                vector=self.embedder.embed_query(split.organisation_query))
            trace.asks = split.as_dicts()
        passages = self.retriever.search(searched, k=5)
        timings["retrieval_ms"] = _ms(step)
        gate = self.gate(searched, passages, analysis)
        relevant = gate.kept
        # Relevant passages stay next to the organisations: a question may ask for both
        # ("Fördergeld für ... und welcher Betrieb in Liberec ...?"), and the relevance gate
        # already keeps passages out of an answer they do not support.
        companies = (list(found.hits) if split is not None and found is not None
                     else self.organisations_to_show(analysis, found, relevant))
        # The funding finder: a guided question, or programmes beside the rest of the answer.
        funding = self.funding.step(session_id, question, lang,
                                    getattr(analysis, "intent", None) or {},
                                    also_asked=bool(companies), store=store and guided)
        if funding is not None and (funding.question is not None or funding.continued):
            relevant, companies = [], []
        trace.route = ("both" if companies and relevant else
                       "organisations" if companies else "documents")
        trace.passages = [p.as_dict() | {"kept": p in relevant} for p in passages]
        trace.gate = gate.as_dict()
        trace.companies = [c.to_answer_dict() | {"reason": getattr(c, "reason", "")}
                           for c in companies]
        if analysis is not None:
            trace.analysis = _as_plain(analysis)

        step = time.perf_counter()
        ctx = AnswerContext(asked, searched, lang, relevant, companies, history, analysis,
                            unmet=list(found.unmet) if companies and found is not None else [],
                            channel=channel)
        if shortened:
            notice = t("question_shortened", lang, words=len(question.split())) + "\n\n"
            _emit(notice, on_token)
        outside = outside_served_area(analysis, found, lang)
        if outside:
            # A place far from every organisation ("firms in Munich"): say that there are none
            # there instead of listing organisations from elsewhere.
            text = (t("no_organisations_in", lang, places=outside) + " "
                    + not_found_text(lang, channel))
            sources, answered, mode = [], False, "extractive"
            trace.unanswered_reason = "outside_served_area"
            _emit(text, on_token)
        else:
            text, sources, answered, mode = self._compose_with_funding(ctx, funding, on_token,
                                                                       trace)
        if shortened:
            text = notice + text
        timings["answer_ms"] = _ms(step)
        if not answered and trace.unanswered_reason is None:
            trace.unanswered_reason = (gate.reason if not relevant else
                                       "llm_declined" if mode == "llm" else "no_sentence")
        if answered and not trace.citations:
            # An LLM answer's [n] are renumbered to its cited sources, in order (bot/core/model/).
            trace.citations = [{"n": n, "sentence": None, "passage_id": p.id, "doc_id": p.doc_id,
                                "title": p.title} for n, p in enumerate(sources, 1)]

        answer_lang = lang if mode == "llm" else normalise_language(lang)
        source_refs = [SourceRef(id=p.doc_id, title=p.title, source=p.source,
                                 score=round(p.score, 4), excerpt=_excerpt(p.text))
                       for p in _unique_docs(sources)]
        company_refs = [CompanyRef(**c.to_answer_dict()) for c in companies] if answered else []
        message_id = new_id("m")
        if store:
            self.conversations.add_turn(
                session_id, question, lang, text, message_id=message_id,
                language=answer_lang, mode=mode, answered=answered, route=trace.route,
                sources=[s.model_dump() for s in source_refs],
                companies=[c.model_dump() for c in company_refs])
        timings["total_ms"] = _ms(started)
        trace.timings_ms = timings
        answer = Answer(answer=text, language=answer_lang, mode=mode, answered=answered,
                        sources=source_refs, companies=company_refs, session_id=session_id,
                        message_id=message_id,
                        programmes=funding.programme_refs(answer_lang) if funding else [],
                        guided=funding.question.as_dict() if funding and funding.question
                        else None)
        return AnswerResult(answer, trace)

    def relevant_passages(self, query: str, passages: list[Passage],
                          analysis: Any = None) -> list[Passage]:
        """Passages good enough to answer from; empty when the question is off-topic."""
        return self.gate(query, passages, analysis).kept

    def gate(self, query: str, passages: list[Passage], analysis: Any = None) -> GateDecision:
        """The answer gate on the first passage's cosine, and what it decided.

        A high cosine alone is not enough with E5 (its scores are compressed), so a passage
        near the threshold must also share content words with the question.
        """
        tuning = self.answer_gate
        threshold = self.settings.answer_threshold
        decision = GateDecision(kept=[], reason="no_passages", threshold=threshold,
                                strong_threshold=threshold + tuning.strong_margin,
                                keep_from=threshold - tuning.keep_below,
                                min_lexical_support=tuning.min_lexical_support)
        if not passages:
            return decision
        top = passages[0].score
        support = lexical_support(query, passages[:3])
        intent = getattr(analysis, "intent", None) or {}
        decision.compared, decision.lexical_support = top, support
        decision.off_topic = intent.get("other", 0.0) >= tuning.off_topic_share
        strong = top >= decision.strong_threshold
        supported = support >= tuning.min_lexical_support
        outside = words_outside_corpus(query, self.retriever) if leans_off_topic(intent) else []
        if outside:
            # Most like the questions Lotse cannot answer, and its topic word is in no
            # passage ("Mehrwertsteuer"): what the passages share with it is generic.
            passes, decision.reason = False, "outside_corpus"
        elif decision.off_topic:
            # Most like the questions Lotse cannot answer (jokes, taxes, hotels): a passage
            # must be clearly about it, by meaning and by words.
            passes, decision.reason = strong and supported, "off_topic"
        elif strong:
            passes, decision.reason = True, "strong"
        elif top < threshold:
            passes, decision.reason = False, "below_threshold"
        else:
            passes, decision.reason = supported, "supported" if supported else "weak_support"
        if passes:
            if decision.off_topic:
                decision.reason = "strong"
            decision.kept = [p for p in passages if p.score >= decision.keep_from]
        return decision

    def organisations_to_show(self, analysis: Any, found: Any,
                              relevant: list[Passage]) -> list[Any]:
        """The organisations the answer lists: when the question asks for them (the intent
        vote), or when the documents have nothing and the question names a trade that
        organisations offer."""
        if analysis is None or found is None or not found.hits:
            return []
        if analysis.wants_organisations or analysis.wants_institutions:
            return list(found.hits)
        if not relevant and analysis.capabilities and any(
                "capabilities" not in h.misses for h in found.hits) \
                and "capabilities" not in found.unmet:
            return list(found.hits)
        return []

    def _search_companies(self, question: str, query: str, lang: str,
                          history: list[Turn]) -> tuple[Any, Any]:
        if self.companies is None:
            return None, None
        analyser = self.query_analyser
        vector = self.embedder.embed_query(query)  # the one retrieval uses (query cache)
        analysis = analyser.analyse(query, lang, vector)
        if query != question:
            # In a follow-up, what the new message names wins over the previous turn.
            latest = analyser.analyse(question, lang, vector)
            for name in ("countries", "regions", "cities", "spoken_languages", "sectors",
                         "capabilities", "origin_countries", "origin_regions", "origin_cities"):
                if getattr(latest, name, None):
                    setattr(analysis, name, getattr(latest, name))
        return analysis, self.companies.search_detailed(query, lang, limit=5, analysis=analysis,
                                                        vector=vector)

    def _compose_with_funding(self, ctx: AnswerContext, funding: FundingTurn | None,
                              on_token: TokenCallback | None,
                              trace: Trace) -> tuple[str, list[Passage], bool, str]:
        """The funding finder's part first; a guided question or the answer to one is the
        whole reply, programmes found at once go before the organisations and documents."""
        if funding is None or (funding.question is None and not funding.continued
                               and not funding.matches and (ctx.passages or ctx.companies)):
            # No programme fits, but the documents or organisations answer: they alone.
            return self._compose(ctx, on_token, trace)
        trace.route = "funding"
        _emit(funding.text, on_token)
        if funding.question is not None or funding.continued or not (ctx.passages
                                                                      or ctx.companies):
            return funding.text, [], True, "extractive"
        _emit("\n\n", on_token)
        text, sources, answered, mode = self._compose(ctx, on_token, trace)
        if not answered:
            return funding.text, [], True, mode
        return f"{funding.text}\n\n{text}", sources, True, mode

    def _compose(self, ctx: AnswerContext, on_token: TokenCallback | None,
                 trace: Trace) -> tuple[str, list[Passage], bool, str]:
        if self.llm is not None:
            try:
                reply = self.llm.answer(ctx, on_token)
                trace.prompt = reply.prompt
                if not reply.answered:
                    text = reply.text.strip() or not_found_text(ctx.language, ctx.channel)
                    return text, [], False, "llm"
                if reply.companies:
                    # ctx.companies is the list `ask` turns into the answer's companies.
                    known = {getattr(c, "id", None) for c in ctx.companies}
                    ctx.companies.extend(c for c in reply.companies
                                         if getattr(c, "id", None) not in known)
                return reply.text, reply.sources, True, "llm"
            except LLMUnavailable as exc:
                log.warning("LLM answer failed, falling back to extractive: %s", exc)
                trace.notice = str(exc)
                text, sources, answered = self._extractive(ctx, trace)
                text = f"{t('llm_fallback_notice', ctx.language)}\n\n{text}"
                _emit(text, on_token)
                return text, sources, answered, "extractive"
        text, sources, answered = self._extractive(ctx, trace)
        _emit(text, on_token)
        return text, sources, answered, "extractive"

    def _extractive(self, ctx: AnswerContext, trace: Trace | None = None
                    ) -> tuple[str, list[Passage], bool]:
        lang = normalise_language(ctx.language)
        parts: list[str] = []
        sources: list[Passage] = []
        if ctx.companies:
            parts.append(format_companies(ctx.companies, lang, ctx.analysis, ctx.unmet))
        notes: list[str] = []
        if ctx.passages:
            # Organisation records count as mentioning what the question names.
            shown = organisation_text(ctx.companies)
            part = self.documents.answer(ctx.question, ctx.query, lang, ctx.passages, shown)
            selection, notes = part.selection, part.notes
            if trace is not None:
                trace.asks = [dict(ask) for ask in part.asks]
            if part.missing_fact_follow_up:
                # Organisations the earlier turn brought up do not answer it either.
                if trace is not None:
                    trace.unanswered_reason = "asks_not_in_sources"
                lead = "\n".join(notes) + "\n\n"
                return lead + not_found_text(lang, ctx.channel), [], False
            if selection.sentences:
                parts.append(self.extractive.compose(selection, lang, notes))
                sources = selection.cited
                if trace is not None:
                    trace.citations = _citations(selection.sentences, sources, ctx.passages)
            elif ctx.companies and notes:
                parts.append("\n".join(notes))
        if not parts:
            if trace is not None and trace.asks:
                trace.unanswered_reason = (
                    "names_not_in_sources" if any(a.get("missing_names") for a in trace.asks)
                    else "asks_not_in_sources")
            # What the sources lack (a part asked, a name), then the way to an advisor.
            lead = "\n".join(notes) + "\n\n" if notes else ""
            return lead + not_found_text(lang, ctx.channel), [], False
        return "\n\n".join(parts), sources, True


def format_companies(companies: list[Any], lang: str, analysis: Any,
                     unmet: list[str] | None = None) -> str:
    """The organisations as a numbered list. When no organisation meets a constraint the
    question named, the list starts by saying so; organisations that miss one (shown because
    few meet them all) follow under their own heading, each saying what it misses."""
    institutions_first = bool(getattr(analysis, "wants_institutions", False))
    if unmet:
        intro = t("constraints_unmet", lang, what=describe_constraints(unmet, analysis, lang))
    else:
        intro = t("institutions_intro" if institutions_first and companies
                  and companies[0].kind != "company" else "companies_intro", lang)
    lines = [intro]
    nearest_started = False
    for n, c in enumerate(companies, 1):
        misses = list(getattr(c, "misses", []) or [])
        if misses and not nearest_started and n > 1:
            lines.append(t("nearest_intro", lang))
            nearest_started = True
        place = ", ".join(x for x in (c.city, c.country) if x)
        demo = " (demo)" if getattr(c, "demo", False) else ""
        line = f"{n}. {c.name}{demo} – {place}"
        if misses:
            line += f" ({t('misses', lang, what=describe_constraints(misses, analysis, lang))})"
        if c.offers:
            line += f"; {t('offers', lang)}: {_shorten(c.offers, 140)}"
        if c.languages:
            line += f"; {t('languages_spoken', lang)}: {', '.join(c.languages)}"
        contact = " · ".join(x for x in (c.website, c.email, c.phone) if x)
        if contact:
            line += f" – {contact}"
        lines.append(line)
    if any(getattr(c, "demo", False) for c in companies):
        lines.append(t("demo_note", lang))
    return "\n".join(lines)


def outside_served_area(analysis: Any, found: Any, lang: str) -> str:
    """The places an organisation question searches in when no organisation is in or near
    any of them (`OrganisationResults.outside`), named in the user's language; "" otherwise,
    and for questions that ask for documents as well."""
    from knowledge.codes import country_name

    outside = list(getattr(found, "outside", None) or [])
    if not outside or analysis is None or analysis.wants_documents or not (
            analysis.wants_organisations or analysis.wants_institutions):
        return ""
    return ", ".join(country_name(p, lang) if len(p) == 2 and p.isupper() else p
                     for p in outside)


def describe_constraints(names: list[str], analysis: Any, lang: str) -> str:
    """The named constraints in the user's language: "Tschechien, Pulverbeschichtung"."""
    from knowledge.codes import country_name
    from knowledge.understanding.trades import taxonomy

    labels = {trade.name: trade.labels for trade in taxonomy().trades}
    parts: list[str] = []
    for name in names:
        if name == "countries":
            parts += [country_name(code, lang) for code in getattr(analysis, "countries", [])]
        elif name in ("regions", "cities", "areas", "certifications"):
            parts += list(getattr(analysis, name, []))
        elif name == "languages":
            parts += [t("spoken_language", lang, language=language_label(code, lang))
                      for code in getattr(analysis, "spoken_languages", [])]
        elif name == "capabilities":
            for capability in getattr(analysis, "capabilities", []):
                label = labels.get(capability, {}).get(lang, capability)
                parts.append(label.split(", ")[0])
    return ", ".join(parts)


def _query_analyser(settings: Settings, companies: Any) -> Any:
    if companies is None:
        return None
    mode = settings.query_analyser
    if mode == "offline" or (mode == "auto" and not settings.use_llm):
        return companies.analyser
    from bot.core.model import model_query_analyser

    return model_query_analyser(settings, companies.analyser)


def _company_search(settings: Settings) -> Any:
    from knowledge.companies.search import CompanySearch

    return CompanySearch(settings)


def _emit(text: str, on_token: TokenCallback | None) -> None:
    """Extractive answers stream too, word by word, so every channel renders one way."""
    if on_token is None:
        return
    for piece in re.findall(r"\S+\s*|\s+", text):
        on_token(piece)


def _citations(numbered: list[tuple[int, str]], cited: list[Passage],
               passages: list[Passage]) -> list[dict[str, Any]]:
    """Each quoted sentence with its [n] and the retrieved passage it stands in (the cited
    document's passage when the sentence index found it elsewhere in that document)."""
    out: list[dict[str, Any]] = []
    for number, sentence in numbered:
        document = cited[number - 1] if 0 < number <= len(cited) else None
        doc_id = document.doc_id if document is not None else None
        holder = next((p for p in passages if p.doc_id == doc_id and sentence in p.text),
                      document)
        out.append({"n": number, "sentence": sentence, "doc_id": doc_id,
                    "passage_id": holder.id if holder is not None else None,
                    "title": holder.title if holder is not None else ""})
    return out


def _unique_docs(passages: list[Passage]) -> list[Passage]:
    seen: set[str] = set()
    out: list[Passage] = []
    for p in passages:
        if p.doc_id not in seen:
            seen.add(p.doc_id)
            out.append(p)
    return out


def _excerpt(text: str, limit: int = 240) -> str:
    return _shorten(" ".join(text.split()), limit)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _as_plain(obj: Any) -> dict[str, Any]:
    try:
        return asdict(obj)
    except TypeError:
        return dict(getattr(obj, "__dict__", {}))


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
