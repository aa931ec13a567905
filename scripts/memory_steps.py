"""Resident memory after each start-up step of an assistant (issue 15, peak RSS).

    .venv/bin/python scripts/memory_steps.py [--data-dir /tmp/lotse-bench]

Prints the process's RSS and peak RSS after: imports, Assistant(), warm_up(), a document
question, an organisation question, a funding question; and which simplemma dictionaries are
loaded (each language's is a large Python dict).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def rss_mb() -> tuple[float, float]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return round(values["VmRSS"], 1), round(values["VmHWM"], 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/lotse-bench"))
    args = parser.parse_args()
    print("start", rss_mb())
    from bot.core.assistant import Assistant
    from knowledge.settings import Settings
    print("imports", rss_mb())
    settings = Settings(_env_file=None, LOTSE_DATA_DIR=args.data_dir,  # type: ignore[call-arg]
                        LOTSE_ANSWER_MODE="extractive")
    assistant = Assistant(settings)
    print("Assistant()", rss_mb())
    assistant.warm_up()
    print("warm_up()", rss_mb())
    for label, question in (("document question", "Wer ist Lead Partner von InnoCoopPolSax?"),
                            ("organisation question", "Suche CNC-Fräserei in Sachsen"),
                            ("funding question", "Welche Förderung gibt es für Digitalisierung?")):
        assistant.ask(question)
        print(label, rss_mb())
    import gc

    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    for factory in (o for o in gc.get_objects() if isinstance(o, DefaultDictionaryFactory)):
        print("simplemma dictionaries loaded:", factory._get_dictionary.cache_info())

if __name__ == "__main__":
    main()
