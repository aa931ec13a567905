"""The source books: what the model may cite ([n] per document) and the organisation records
it was shown or found through its tool."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core import prompts
from knowledge.retrieval import Passage


@dataclass
class NumberedDocument:
    number: int
    passages: list[Passage]


class SourceBook:
    """Passages numbered by document, so [n] maps one-to-one onto the answer's source list
    (which lists each document once)."""

    def __init__(self) -> None:
        self.documents: list[NumberedDocument] = []
        self._by_doc: dict[str, NumberedDocument] = {}
        self._seen: set[str] = set()

    def add(self, passages: list[Passage]) -> list[NumberedDocument]:
        """Adds new passages; returns the documents they belong to, with only the new text."""
        touched: dict[int, NumberedDocument] = {}
        for passage in passages:
            if passage.id in self._seen:
                continue
            self._seen.add(passage.id)
            doc = self._by_doc.get(passage.doc_id)
            if doc is None:
                doc = NumberedDocument(len(self.documents) + 1, [])
                self.documents.append(doc)
                self._by_doc[passage.doc_id] = doc
            doc.passages.append(passage)
            touched.setdefault(doc.number, NumberedDocument(doc.number, [])).passages.append(
                passage)
        return list(touched.values())

    def has(self, number: int) -> bool:
        return 1 <= number <= len(self.documents)

    def passage(self, number: int) -> Passage:
        return self.documents[number - 1].passages[0]

    @staticmethod
    def render(documents: list[NumberedDocument]) -> str:
        return "\n".join(prompts.source_block(d.number, d.passages[0].title,
                                              d.passages[0].language,
                                              [p.text for p in d.passages])
                         for d in documents)


class OrganisationBook:
    def __init__(self, records: list[Any]) -> None:
        self.records: list[Any] = []
        self.found_by_tools: list[Any] = []
        self._ids: set[str] = set()
        self.add(records)

    def add(self, records: list[Any], *, from_tool: bool = False) -> list[Any]:
        new = []
        for record in records:
            key = str(getattr(record, "id", id(record)))
            if key in self._ids:
                continue
            self._ids.add(key)
            self.records.append(record)
            new.append(record)
            if from_tool:
                self.found_by_tools.append(record)
        return new
