"""Telegram bot state (user_data, chat_data, bot_data, conversations, callback data) as JSON,
so several bot workers share it instead of each keeping a pickle file.

Revision ID: 0004_telegram_state
Revises: 0003_limits_and_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_telegram_state"
down_revision = "0003_limits_and_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_state",
        # kind: user | chat | bot | callback | conversation; key: the user or chat id, or
        # "[handler name, conversation key]" (empty for bot and callback data).
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("telegram_state")
