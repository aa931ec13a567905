"""Playground in LLM mode: the prompt sent to the model is shown to staff. The model is a local
fake speaking the OpenAI protocol; the assistant and its LangChain client are the real ones."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.web.app import create_app
from tests.conftest import make_settings
from tests.console.conftest import TOKEN, csrf_of, log_in
from tests.fakes.openai_server import FakeOpenAIServer, Reply


def test_the_llm_prompt_and_mode_are_shown(console_data_dir: Path) -> None:
    with FakeOpenAIServer() as fake:
        settings = make_settings(console_data_dir, LOTSE_ADMIN_TOKEN=TOKEN,
                                 OPENAI_BASE_URL=fake.url, OPENAI_API_KEY="test",
                                 LOTSE_LLM_MODEL="fake-model", LOTSE_LLM_TIMEOUT=5.0,
                                 LOTSE_LLM_MAX_RETRIES=1)
        client = TestClient(create_app(settings, Assistant(settings)))
        log_in(client)
        fake.add(Reply.text("Lead Partner ist die Wirtschaftsförderung Sachsen GmbH [1]."))
        page = client.post("/admin/playground", data={
            "csrf_token": csrf_of(client.get("/admin/playground").text),
            "question": "Wer ist Lead Partner von InnoCoopPolSax?", "language": "de"})
    html = page.text
    assert page.status_code == 200
    assert "mode: llm" in html
    assert 'id="prompt"' in html and "&lt;source id=&#34;1&#34;" in html  # escaped, not markup
    # The model's [1] links to the source it cites, the first passage it was given.
    assert ('Lead Partner ist die Wirtschaftsförderung Sachsen GmbH '
            '<a href="#cite-1" class="cite">[1]</a>.') in html
    entry = html.split('<li id="cite-1"', 1)[1].split("</li>", 1)[0]
    assert "the document as a whole" in entry and 'href="#passage-' in entry
    assert fake.chat_requests, "the model was never asked"
