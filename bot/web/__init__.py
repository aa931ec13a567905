"""The web face of the assistant: chat API, embeddable widget, demo page (issue 5)."""
