"""Staff console routes, mounted by the web app under /admin (placeholder until issue 7)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
