"""POST /telegram/webhook: updates Telegram pushes when TELEGRAM_WEBHOOK_URL is set.

The web app (and `lotse telegram` in webhook mode, bot/telegram/entrypoints.py) mounts `router`
and keeps the running `TelegramService` in `app.state.telegram`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

router = APIRouter()


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request) -> Response:
    service = getattr(request.app.state, "telegram", None)
    if service is None or not service.webhook_mode:
        raise HTTPException(status_code=404, detail="Telegram webhook is not enabled")
    # Checked before the body is read: an unauthenticated request gets no further.
    if not service.secret_matches(request.headers.get(SECRET_HEADER)):
        raise HTTPException(status_code=403, detail="wrong secret token")
    try:
        payload = await request.json()
        await service.process_webhook_update(payload)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail="not a Telegram update") from exc
    return Response(status_code=200)
