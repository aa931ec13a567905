"""The organisation search's in-memory copy, kept in the data dir between processes.

Organisation search scores every candidate against an in-memory copy of all records, their
unit vectors and the words they use (`knowledge.companies.search`). Building that copy means
reading every record from SQL, every vector from Chroma and tokenising every text: about 3 s
for 10,000 organisations, paid by every `lotse ask` and every server start
(docs/PERFORMANCE.md, 1 December 2026, third session). Reading it back from one file is a
small fraction of that.

A saved copy is used only when it was made from exactly the database there is now (the
search's signature: count and latest change of the organisations), by the same embedder,
with the same vocabulary code and word lists (`code_fingerprint`), in this format. The file
is the process's own state, trusted like the SQLite file beside it; it is replaced whole (a
reader in another process sees the old or the new copy, never half of one).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.companies.records import OrganisationData
from knowledge.understanding.vocabulary import DataVocabulary

log = logging.getLogger("lotse.companies")

# Bumped when what is saved changes shape, so an old file is rebuilt instead of misread.
SNAPSHOT_FORMAT = 1
FILE_NAME = "organisation-snapshot.pickle"


def _vocabulary_sources() -> list[Path]:
    """What the saved words depend on besides the records: the code that cuts and folds them
    and the word lists it leaves out (a new stop word must not be answered from an old file).
    Found through the modules themselves, so that moving one does not break the key."""
    import knowledge.understanding.lexicon as lexicon
    import knowledge.understanding.vocabulary as vocabulary
    from knowledge.companies import records

    modules = [vocabulary, lexicon, records, sys.modules[lexicon.fold.__module__]]
    sources = [Path(str(module.__file__)) for module in modules]
    return sources + sorted((lexicon.DATA_DIR / "words").glob("*.yaml"))


# Per part (profile, seeks): organisation id -> row, and the unit vectors in those rows.
PartVectors = dict[str, tuple[dict[str, int], np.ndarray]]


@dataclass(frozen=True)
class SavedOrganisations:
    records: dict[str, OrganisationData]
    vectors: PartVectors
    vocabulary: DataVocabulary


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _vocabulary_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class OrganisationSnapshotFile:
    """The saved copy of one data dir (`<data dir>/organisation-snapshot.pickle`)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    @staticmethod
    def key(signature: str, embedder_identity: str) -> tuple[int, str, str, str]:
        return (SNAPSHOT_FORMAT, embedder_identity, code_fingerprint(), signature)

    def read(self, signature: str, embedder_identity: str) -> SavedOrganisations | None:
        """The saved copy when it was made from this database state; None otherwise."""
        try:
            with self.path.open("rb") as fh:
                key, saved = pickle.load(fh)
            wanted = self.key(signature, embedder_identity)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a file from another version or cut short: rebuild it
            log.info("the saved organisation copy is not usable (%s); rebuilding it", exc)
            return None
        return saved if key == wanted and isinstance(saved, SavedOrganisations) else None

    def write(self, signature: str, embedder_identity: str, saved: SavedOrganisations) -> None:
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            with partial.open("wb") as fh:
                pickle.dump((self.key(signature, embedder_identity), saved), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)
        except OSError as exc:  # a read-only data dir: every start builds the copy, as before
            log.info("the organisation copy could not be saved: %s", exc)
            partial.unlink(missing_ok=True)
