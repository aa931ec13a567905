"""Telegram face of the assistant (issue 6)."""
