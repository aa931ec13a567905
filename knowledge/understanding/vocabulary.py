"""The trade vocabulary of the organisation data itself.

A hand-written taxonomy (data/trades.yaml) only knows the trades someone thought of; an
organisation file brings its own ("Glasveredelung", "tłumaczenia przysięgłe", "kování"). The
words of every record's offers and sectors, and separately of its seeks, are counted at each
import: a question word that the records use, and that few enough of them use to say something
about a trade rather than about everyone ("Firma", "services", a region), names a trade in the
data's own words. The analyser uses that for routing (a question naming something organisations
offer is an organisation question), the search to lift the records that use the word.

Words are compared by their first letters, folded, which joins inflected and compound forms in
the four languages ("wtryskowni"/"wtryskiwanie", "Platinen"/"Platinenbestückung") without a
dictionary. Across languages only the embedding and the taxonomy connect words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.understanding.lexicon import Token, all_words, tokenize

STEM_LENGTH = 6
MIN_WORD_LENGTH = 3


def word_stem(folded: str) -> str:
    return folded[:STEM_LENGTH]


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    # Words every question has (data/words/<lang>.yaml); they are not its subject.
    return frozenset(word_stem(w) for w in all_words("stop") | all_words("search_cues")
                     | all_words("first_person"))


def content_stems(tokens: list[Token], positions: Iterable[int]) -> list[str]:
    """Stems of the words at `positions` that may name a trade (no stop words, no numbers)."""
    stop = _stop_stems()
    out: list[str] = []
    for i in positions:
        folded = tokens[i].folded
        if len(folded) >= MIN_WORD_LENGTH and not folded.isdigit() \
                and word_stem(folded) not in stop:
            out.append(word_stem(folded))
    return list(dict.fromkeys(out))


def text_stems(text: str) -> frozenset[str]:
    tokens = tokenize(text or "")
    return frozenset(content_stems(tokens, range(len(tokens))))


@dataclass(frozen=True)
class DataVocabulary:
    """Per field ("offers": offers and sectors; "seeks"), each record's word stems and the share
    of records that use each stem; and which offer words are the support institutions' rather
    than the companies' (export help, trade fairs, advice are what agencies offer)."""

    records: int
    offers: dict[str, float]
    seeks: dict[str, float]
    offers_of: dict[str, frozenset[str]]
    seeks_of: dict[str, frozenset[str]]
    institution_words: frozenset[str] = frozenset()

    @classmethod
    def build(cls, records: Iterable[tuple[str, str, str | None, str | None, Iterable[str]]]
              ) -> DataVocabulary:
        """From (id, kind, offers, seeks, sectors) of every record."""
        offers_of: dict[str, frozenset[str]] = {}
        seeks_of: dict[str, frozenset[str]] = {}
        institutions: set[str] = set()
        for record_id, kind, offers, seeks, sectors in records:
            offers_of[record_id] = text_stems(" ".join([offers or "", *sectors]))
            seeks_of[record_id] = text_stems(seeks or "")
            if kind == "institution":
                institutions.add(record_id)
        total = len(offers_of)

        def shares(stems_of: dict[str, frozenset[str]], among: set[str] | None = None
                   ) -> dict[str, float]:
            ids = [i for i in stems_of if among is None or i in among]
            counts: dict[str, int] = {}
            for record_id in ids:
                for stem in stems_of[record_id]:
                    counts[stem] = counts.get(stem, 0) + 1
            return {stem: count / len(ids) for stem, count in counts.items()} if ids else {}

        by_institutions = shares(offers_of, institutions)
        by_companies = shares(offers_of, set(offers_of) - institutions)
        institution_words = frozenset(stem for stem, share in by_institutions.items()
                                      if share > by_companies.get(stem, 0.0))
        return cls(total, shares(offers_of), shares(seeks_of), offers_of, seeks_of,
                   institution_words)

    def trades(self, stems: Iterable[str]) -> list[str]:
        """The stems, when they name something companies offer; none when one of them is
        rather what support institutions offer ("Export", "Kontakte"): such a question may
        well ask for an agency, and only the intent vote can tell."""
        stems = list(stems)
        return [] if any(s in self.institution_words for s in stems) else stems

    def named(self, stems: Iterable[str], field_name: str, max_share: float) -> list[str]:
        """The stems that the records' `field_name` ("offers" or "seeks") use, in no more
        than `max_share` of the records (or in one record: in a small database every word
        is in a large share)."""
        shares = self.offers if field_name == "offers" else self.seeks
        one = 1 / self.records if self.records else 0.0
        return [s for s in stems if 0 < shares.get(s, 0.0) <= max(max_share, one)]

    def overlap(self, record_id: str, stems: list[str], field_name: str) -> float:
        """0..1: the rarity-weighted share of `stems` that the record's field uses."""
        if not stems:
            return 0.0
        shares = self.offers if field_name == "offers" else self.seeks
        own = (self.offers_of if field_name == "offers" else self.seeks_of).get(record_id,
                                                                                frozenset())
        weights = {s: -math.log(shares[s]) for s in stems if shares.get(s)}
        total = sum(weights.values())
        if not total:
            return 0.0
        return sum(w for s, w in weights.items() if s in own) / total
