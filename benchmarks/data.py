"""The benchmark's generated data: 10,000 organisations and an ingestion corpus.

Built from the generators and word material the project already ships (the demo organisation
generator, the bundled corpus's own sentences reshuffled), so the texts have the length and
language mix of real records without being copies of any one of them. Deterministic: the same
seed gives the same files, so runs on different days measure the same work.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.demo import generate as demo

CORPUS = Path(__file__).resolve().parents[1] / "knowledge" / "corpus"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def write_organisations(path: Path, count: int, seed: int = 15) -> int:
    """`count` fictional companies in the import format (JSONL), plus the shipped demo set's
    real institutions so that organisation questions still have their expected answers."""
    rng = random.Random(seed)
    countries = ["DE", "PL", "CZ"]
    records = [r for r in demo.generate() if not r.get("demo")]
    used_names: set[str] = set()
    for number in range(1, count - len(records) + 1):
        if number % 150 == 0:
            # The generator draws names from a finite stock; a fresh batch may reuse a name
            # (ids stay unique), as real registers hold many "Müller Metallbau GmbH".
            used_names = set()
        country = countries[number % 3]
        record = demo._fictional_company(rng, number, country, used_names)
        record["id"] = f"bench-{country.lower()}-{number:05d}"
        records.append(record | {"demo": True})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def corpus_sentences() -> dict[str, list[str]]:
    """The bundled corpus's sentences by language (front matter left out)."""
    by_language: dict[str, list[str]] = {}
    for path in sorted(CORPUS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        language = "de"
        if text.startswith("---"):
            header, _, text = text[3:].partition("\n---")
            found = re.search(r"^language:\s*(\w+)", header, re.M)
            language = found.group(1) if found else language
        body = " ".join(line for line in text.splitlines() if line and not line.startswith("#"))
        by_language.setdefault(language, []).extend(
            s for s in _SENTENCE_END.split(body) if len(s) > 30)
    return by_language


def write_ingestion_corpus(folder: Path, documents: int, seed: int = 15) -> int:
    """`documents` Markdown files of 10-14 paragraphs each, every paragraph a new mix of the
    corpus's sentences in one language: the chunker sees real sentence lengths and languages,
    and no file repeats another (so every chunk is embedded)."""
    rng = random.Random(seed)
    by_language = corpus_sentences()
    languages = sorted(by_language)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(documents):
        language = languages[n % len(languages)]
        pool = by_language[language]
        paragraphs = []
        for _ in range(rng.randint(10, 14)):
            paragraphs.append(" ".join(rng.sample(pool, k=min(len(pool), rng.randint(3, 6)))))
        text = f"---\ntitle: Benchmark document {n}\nlanguage: {language}\n---\n\n"
        text += f"# Benchmark document {n}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"bench-{n:03d}.md").write_text(text, encoding="utf-8")
    return documents


class OrganisationTemplateVectors:
    """The embedder for importing the bench's generated organisations, and only for that.

    10,000 organisations are 20,000 passages: most of an hour on 2 busy cores, for texts that
    differ mostly in names, places and numbers. So each organisation's profile vector is the
    real embedding of what it offers (its sectors and offers text, of which the generator has a
    few hundred), and each seeks vector the real embedding of its seeks text, plus a little
    noise: organisation questions still find the organisations of the right trade, and search
    costs what it costs with 10,000 real vectors. The import itself (validation, SQL, Chroma)
    is the real one. Same idea as the chunk padding in `benchmarks/run.py`."""

    def __init__(self, inner: Any, templates: dict[str, str], seed: int = 15) -> None:
        self.inner = inner
        self.identity = inner.identity
        self.dim = inner.dim
        self._templates = templates  # full passage text -> the text whose vector it takes
        self._rng = np.random.default_rng(seed)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        keys = [self._templates.get(text, text) for text in texts]
        distinct = sorted(set(keys))
        real = dict(zip(distinct, self.inner.embed_passages(distinct), strict=True))
        rows = np.stack([real[key] for key in keys]).astype(np.float32)
        rows += self._rng.normal(0, 0.02, rows.shape).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def organisation_templates(path: Path) -> dict[str, str]:
    """For each generated organisation's profile text, the text that stands for it (see
    `OrganisationTemplateVectors`); the shipped real institutions are embedded as they are."""
    from knowledge.companies.records import OrganisationData

    templates: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record.get("demo"):
            continue
        data = OrganisationData(**{k: v for k, v in record.items()
                                   if k in OrganisationData.__dataclass_fields__})
        templates[data.profile_text()] = f"{', '.join(data.sectors)}. {data.offers or ''}"
    return templates
