"""POST /telegram/webhook, mounted by the web app (placeholder until issue 6)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
