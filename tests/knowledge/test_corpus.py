"""The bundled knowledge base: well-formed, with provenance, findable in every language.

One ingestion of the whole corpus serves every retrieval test in this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from knowledge.db import DocumentRecord
from knowledge.embeddings import Embedder
from knowledge.retrieval import Retriever
from knowledge.sentences import split_sentences
from tests.conftest import CORPUS_DIR, make_settings, require_seeds

LANGUAGES = {"de", "en", "pl", "cs"}
TYPES = {"programme", "project", "institution", "faq", "guide"}
# The closing line of every document names where its facts come from, in the document's language.
PROVENANCE = {
    "de": "Quelle der Fakten:",
    "en": "Source of the facts:",
    "pl": "Źródło informacji:",
    "cs": "Zdroj informací:",
}

DOCUMENTS = sorted(p for p in CORPUS_DIR.rglob("*.md") if p.name != "README.md")


def front_matter(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    parts = re.split(r"^---\s*$", raw, maxsplit=2, flags=re.M)
    assert raw.startswith("---") and len(parts) == 3, f"{path.name}: no YAML front matter"
    meta = yaml.safe_load(parts[1])
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, parts[2]


# Translations sit beside their German original as name.<language>.md (knowledge/corpus/README.md).
TRANSLATED = re.compile(r"\.(en|pl|cs)\.md$")
ORIGINALS = [p for p in DOCUMENTS if not TRANSLATED.search(p.name)]
TRANSLATION_NOTICE = {"en": "Translation:", "pl": "Tłumaczenie:", "cs": "Překlad:"}


def as_original(source: str) -> str:
    return TRANSLATED.sub(".md", source)


def test_corpus_has_a_useful_size_and_a_readme() -> None:
    assert 15 <= len(ORIGINALS) <= 40, [p.name for p in ORIGINALS]
    assert (CORPUS_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", [p for p in ORIGINALS if front_matter(p)[0]["type"] != "faq"],
                         ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_every_german_document_exists_in_the_other_three_languages(path: Path) -> None:
    meta, body = front_matter(path)
    assert meta["language"] == "de"
    original = path.relative_to(CORPUS_DIR).as_posix()
    for language, notice in TRANSLATION_NOTICE.items():
        translation = path.with_name(f"{path.stem}.{language}.md")
        assert translation.is_file(), f"{translation.name} is missing"
        t_meta, t_body = front_matter(translation)
        assert t_meta["language"] == language and t_meta["type"] == meta["type"]
        assert t_meta["translation_of"] == original, translation.name
        # The reader is told first that this is a translation and of which document.
        first = next(line for line in t_body.splitlines()
                     if line.strip() and not line.startswith("#"))
        assert first.startswith(notice) and original in first, (translation.name, first)
        # Identical facts: every figure of the original (dates, amounts, phone numbers) is in
        # the translation, whatever the digit grouping.
        def digits(text: str) -> set[str]:
            return {d for d in re.findall(r"\d+", re.sub(r"(?<=\d)[.,  ](?=\d{3}\b)", "", text))}
        missing = digits(body) - digits(t_body)
        assert not missing, (translation.name, sorted(missing))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_front_matter_is_complete(path: Path) -> None:
    meta, body = front_matter(path)
    assert str(meta.get("title") or "").strip(), f"{path.name}: title missing"
    assert meta.get("language") in LANGUAGES, f"{path.name}: language {meta.get('language')!r}"
    assert meta.get("type") in TYPES, f"{path.name}: type {meta.get('type')!r}"
    if "valid_until" in meta:
        assert isinstance(meta["valid_until"], dt.date), f"{path.name}: valid_until is no date"
    assert len(body.strip()) > 500, f"{path.name}: too short to be worth a document"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_document_ends_by_naming_the_source_of_its_facts(path: Path) -> None:
    meta, body = front_matter(path)
    last_line = [line for line in body.splitlines() if line.strip()][-1]
    assert last_line.startswith(PROVENANCE[meta["language"]]), \
        f"{path.name}: last line does not name the source: {last_line[:80]!r}"
    assert len(last_line) > len(PROVENANCE[meta["language"]]) + 20, f"{path.name}: source vague"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_section_headings_are_questions(path: Path) -> None:
    # The answer engine quotes sentences but never questions: a heading written as a statement
    # ("Budget und EU-Förderung von THINGS+") would be quoted as if it were an answer.
    _, body = front_matter(path)
    statements = [line for line in body.splitlines()
                  if line.startswith("## ") and not line.rstrip().endswith("?")]
    assert not statements, f"{path.name}: {statements}"


def test_faq_exists_in_all_four_languages() -> None:
    faq_languages = {front_matter(p)[0]["language"] for p in DOCUMENTS
                     if front_matter(p)[0]["type"] == "faq"}
    assert faq_languages == LANGUAGES


def test_no_sentence_is_copied_from_the_seed_pages() -> None:
    seeds = require_seeds()
    corpus = " ".join(" ".join(front_matter(p)[1].split()) for p in DOCUMENTS)
    copied = [s for seed in sorted(seeds.glob("*.txt"))
              for s in split_sentences(seed.read_text(encoding="utf-8"))
              if len(s.split()) >= 8 and " ".join(s.split()) in corpus]
    assert not copied, copied


@pytest.fixture(scope="module")
def corpus_retriever(bundled_data_dir: Path, embedder: Embedder) -> Iterator[Retriever]:
    settings = make_settings(bundled_data_dir)
    retriever = Retriever(settings, embedder)
    assert retriever.index.count() > 0
    with retriever.db.session() as s:
        assert s.query(DocumentRecord).count() == len(DOCUMENTS)
    yield retriever


@pytest.mark.parametrize(("question", "expected"), [
    ("Wie lautet die Adresse des TGZ Bautzen?", "institutionen/tgz-bautzen.md"),
    ("What does KARR S.A. offer to companies?", "institutionen/karr-jelenia-gora.md"),
    ("Kto prowadził projekt InnoCoopPolSax?", "projekte/innocooppolsax.md"),
    ("Jaký je rozpočet projektu Glokalisierung?", "projekte/glokalisierung.md"),
    ("Co je servitizace?", "ratgeber/servitisierung.md"),
    ("Where did the final workshop of Alpcluster 2020 take place?",
     "projekte/alpcluster-2020.md"),
    ("Jakie wsparcie oferuje KARR?", "faq/faq-pl.md"),
])
def test_question_finds_its_document_in_the_top_three(corpus_retriever: Retriever,
                                                      question: str, expected: str) -> None:
    top = [p.source for p in corpus_retriever.search(question, k=3)]
    # A translation of the expected document is the expected document.
    assert any(as_original(source).endswith(expected) for source in top), (question, top)
