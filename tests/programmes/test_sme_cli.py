"""`lotse programmes sme-check` as a user runs it: the JSON contract and the reasons in the
language asked for."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def sme_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "programmes", "sme-check", *args],
                          capture_output=True, text=True, timeout=120)


def test_json_is_exactly_class_and_reasons() -> None:
    done = sme_check("--staff", "249", "--turnover", "50000000", "--balance-sheet", "43000000",
                     "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"class", "reasons"}
    assert result["class"] == "medium"
    assert all(set(r) == {"code", "text"} for r in result["reasons"])


@pytest.mark.parametrize(("lang", "words"), [
    ("de", "Partnerunternehmen"), ("en", "partner enterprise"),
    ("pl", "przedsiębiorstwo partnerskie"), ("cs", "partnerský podnik")])
def test_partner_figures_and_the_language_of_the_reasons(lang: str, words: str) -> None:
    done = sme_check("--staff", "20", "--turnover", "8000000", "--balance-sheet", "6000000",
                     "--partner", "40:100:30000000:20000000", "--lang", lang, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["class"] == "medium"  # 20 + 40 % of 100 people
    assert words in " ".join(r["text"] for r in result["reasons"])


def test_public_bodies_and_a_bad_stake() -> None:
    public = sme_check("--staff", "3", "--turnover", "100000", "--balance-sheet", "100000",
                       "--public-share", "30", "--json")
    assert json.loads(public.stdout)["class"] == "large"
    bad = sme_check("--staff", "3", "--turnover", "1", "--balance-sheet", "1",
                    "--partner", "40:many")
    assert bad.returncode != 0 and "SHARE:STAFF:TURNOVER:BALANCE_SHEET" in bad.stderr
