"""The model engine: answers through any OpenAI-compatible chat model (LangChain's ChatOpenAI).

The model writes the answer from the passages and organisation records the assistant found, may
search for more through two tools, and must cite what it uses. One module a concern: the
client (client.py), the tools (tools.py), the source books (sources.py), the streaming citation
filter (citations.py), the answer loop (loop.py), retries and the circuit breaker (retries.py),
token counting (tokens.py) and prompt assembly (messages.py; the wording is bot/core/prompts.py).
"""

from bot.core.model.client import chat_model, model_query_analyser
from bot.core.model.loop import LLMAnswerer
from bot.core.model.retries import CircuitBreaker
from bot.core.model.tokens import load_cached_encoding, token_counter

__all__ = ["CircuitBreaker", "LLMAnswerer", "chat_model", "load_cached_encoding",
           "model_query_analyser", "token_counter"]
