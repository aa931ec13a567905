"""The benchmark's questions: document and organisation questions in de/en/pl/cs, mixed.

Each call makes every question unique (a numbered variation at the end), so neither the
query-vector cache nor any other cache can answer one from an earlier run.
"""

from __future__ import annotations

DOCUMENT_QUESTIONS = [
    "Wer ist Lead Partner von InnoCoopPolSax?",
    "Kto prowadził projekt InnoCoopPolSax?",
    "Jaký byl rozpočet projektu Glokalisierung?",
    "How many SMEs took part in THINGS+?",
    "Wo sitzt das TGZ Bautzen?",
    "Was ist Servitisierung?",
    "Jakie usługi oferuje KARR?",
    "Kdo je kontaktní osoba pro veletrhy?",
    "What is Interreg?",
    "Welche Förderung gibt es für Messebeteiligungen?",
]

ORGANISATION_QUESTIONS = [
    "Ich suche einen Zulieferer für Pulverbeschichtung in Tschechien",
    "Szukam partnera do obróbki CNC w Saksonii, który mówi po polsku",
    "Who can help me export to Czechia?",
    "Hledám firmu na svařování hliníku v Libereckém kraji",
    "Which companies in Poland offer laser cutting?",
    "Welche Firma in Dresden macht Schaltschrankbau?",
    "Szukam firmy IT we Wrocławiu, która tworzy oprogramowanie",
    "Kdo v Sasku nabízí 3D tisk kovových dílů?",
]


def unique_questions(count: int, salt: str) -> list[str]:
    """`count` questions, documents and organisations alternating, each one new.

    The variation leads the question: after a question mark it would be an ask of its own
    (`bot/core/answering/asks.py` cuts a message there), and every document question would be
    measured as a two-ask message, three query embeddings a turn instead of one."""
    mixed = [q for pair in zip(DOCUMENT_QUESTIONS, ORGANISATION_QUESTIONS * 2, strict=False)
             for q in pair]
    return [f"({salt}{n}) {mixed[n % len(mixed)]}" for n in range(count)]
