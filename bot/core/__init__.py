"""The assistant's core: the contracts every engine and face shares, the model engine, the
prompts and the one language registry. Faces (CLI, web, console, Telegram) sit above it and
call it; it never imports a face. docs/ARCHITECTURE.md describes the layers."""
