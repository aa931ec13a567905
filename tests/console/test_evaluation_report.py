"""Why golden questions failed, as staff read it in the console: one item per failed check,
lists written as words, not Python lists."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.console.test_pages import post_form, wait_for_job

FAILING_GOLDEN = """\
- id: impossible-expectations
  question: "Wer ist Lead Partner von InnoCoopPolSax?"
  language: de
  expect_answered: true
  expect_sources: ["no-such-document", "nor-this-one"]
  expect_companies: ["no-such-organisation"]
  must_contain: ["Zebrastreifen", "Giraffenhals"]
"""


def test_failures_are_a_readable_list(staff: TestClient) -> None:
    uploaded = post_form(staff, "/admin/evaluation", "/admin/evaluation/upload",
                         files={"file": ("failing.yaml", FAILING_GOLDEN.encode(), "text/yaml")})
    assert uploaded.status_code == 200, uploaded.text[:500]
    started = post_form(staff, "/admin/evaluation", "/admin/evaluation/run",
                        {"golden": "uploaded/failing.yaml"})
    job = wait_for_job(staff, started.text)
    assert job["status"] == "done", job
    page = staff.get("/admin/evaluation", params={"run": job["report"]["run"]}).text
    row = re.search(r'<tr class="fail">.*?</tr>', page, re.S)
    assert row, "the impossible question did not fail"
    items = re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="failures">(.*?)</ul>',
                                                    row.group(0), re.S).group(1), re.S)  # type: ignore[union-attr]
    assert len(items) == 3, items
    assert items[0].startswith("none of “no-such-document” and “nor-this-one” in the top 3 "
                               "sources (got ")
    assert items[1].startswith("“no-such-organisation” not in the top 5 organisations")
    assert items[2] == "the answer lacks “Zebrastreifen” and “Giraffenhals”"
    assert not any("[&#39;" in item or "['" in item for item in items), items
