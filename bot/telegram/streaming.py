"""An answer on its way to the chat: "typing…", the preview edited while the model writes, and
the final answer split into as many messages as Telegram needs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING

from telegram import Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.telegram.chat import NO_PREVIEW, Context
from bot.telegram.formatting import MESSAGE_LIMIT, render_answer_html, split_html
from bot.telegram.funding import choices_keyboard
from bot.telegram.keyboards import answer_keyboard

if TYPE_CHECKING:
    from bot.core.schemas import Answer

log = logging.getLogger("lotse.telegram")

TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for about five seconds per chat action
EDIT_EVERY_S = 1.0  # streaming edits in a private chat; Telegram throttles faster edits
EDIT_EVERY_GROUP_S = 3.0  # groups allow about 20 messages a minute


class StreamingReply:
    """Shows an answer while the model writes it: one message, edited at a gentle rate.

    Tokens arrive on the worker thread running the assistant; appending to a list is atomic,
    and only the event loop reads it.
    """

    def __init__(self, question: Message, interval: float, *, quote: bool) -> None:
        self.question = question
        self.interval = interval
        self.quote = quote
        self.tokens: list[str] = []
        self.message: Message | None = None
        self._shown = ""
        self._last_sent = 0.0
        self._done = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def on_token(self, token: str) -> None:
        self.tokens.append(token)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        # Let an edit in flight finish rather than cancel it, so no preview is left orphaned.
        self._done.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while not self._done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._done.wait(), self.interval)
            if not self._done.is_set():
                await self._show()

    async def pace(self) -> None:
        """Wait until the next edit of the preview keeps to the rate (used for the final one)."""
        wait = self._last_sent + self.interval - time.monotonic()
        if self.message is not None and wait > 0:
            await asyncio.sleep(wait)

    async def _show(self) -> None:
        written = "".join(self.tokens).strip()
        preview = written if len(written) <= MESSAGE_LIMIT - 96 else (
            written[: MESSAGE_LIMIT - 96] + " …")
        if not preview or preview == self._shown:
            return
        try:
            if self.message is None:
                self.message = await self.question.reply_text(
                    preview, do_quote=self.quote, link_preview_options=NO_PREVIEW)
            else:
                await self.message.edit_text(preview, link_preview_options=NO_PREVIEW)
            self._shown = preview
            self._last_sent = time.monotonic()
        except TelegramError as exc:  # a lost preview is not worth failing the answer for
            log.debug("streaming preview not shown: %s", exc)


async def deliver_answer(question: Message, answer: Answer, preview: Message | None, *,
                         quote: bool) -> None:
    """The final answer in as many messages as needed; the buttons go under the last one."""
    parts = split_html(render_answer_html(answer))
    # A guided funding question gets its choices as buttons instead of the rating.
    keyboard = choices_keyboard(answer) or answer_keyboard(answer.message_id, answer.language)
    for index, part in enumerate(parts):
        markup = keyboard if index == len(parts) - 1 else None
        if index == 0 and preview is not None:
            try:
                await preview.edit_text(part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                        link_preview_options=NO_PREVIEW)
                continue
            except BadRequest as exc:  # e.g. the user deleted the preview meanwhile
                log.info("preview not editable (%s); sending the answer anew", exc)
        await question.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                  link_preview_options=NO_PREVIEW,
                                  do_quote=quote and index == 0)


async def keep_typing(context: Context, chat_id: int, done: asyncio.Event) -> None:
    """Telegram's "typing…" fades after a few seconds, so repeat it until the answer is ready."""
    while not done.is_set():
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("chat action failed: %s", exc)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), TYPING_EVERY_S)
