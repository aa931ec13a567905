"""Rebuilds the shipped inflection index (data/inflections.json) for the current data files:
run `python -m knowledge.understanding.shipped_index` after editing them.

It sits above both the word lists (lexicon) and the vocabulary they and the other data files
make up (analysis), so neither of those has to import the other.
"""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.understanding.analysis import static_vocabulary
from knowledge.understanding.lexicon import SHIPPED_INDEX, InflectionIndex, vocabulary_digest


def write_shipped_index() -> Path:
    vocabulary = set(static_vocabulary())
    index = InflectionIndex.build(vocabulary)
    payload = {"digest": vocabulary_digest(vocabulary),
               "lemmas": {k: sorted(v) for k, v in sorted(index._lemmas.items())}}
    SHIPPED_INDEX.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                             + "\n", encoding="utf-8")
    return SHIPPED_INDEX


if __name__ == "__main__":
    print(write_shipped_index())
