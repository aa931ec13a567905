"""The assistant: language, routing, answer engines, conversations, and its faces."""
