"""One router per resource: chat, feedback, contact, sessions, health/metrics, pages."""
