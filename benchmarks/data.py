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
