"""Rate-limit counters, console sessions, failed console logins; one rating per message.

Revision ID: 0003_limits_and_sessions
Revises: 0002_organisations
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_limits_and_sessions"
down_revision = "0002_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Fixed-window counters shared by every web worker: one row per (limit key, window).
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_start", sa.BigInteger(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False, index=True),
    )
    # Server-side console sessions: the cookie carries a random id, the table its hash.
    op.create_table(
        "console_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False, index=True),
    )
    # Wrong console tokens per client address: growing delays, then a temporary lock.
    op.create_table(
        "console_login_failures",
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=False),
    )
    # One rating per message, the last one counts: keep the newest row of any duplicates.
    op.execute(
        "DELETE FROM feedback WHERE id NOT IN "
        "(SELECT MAX(id) FROM feedback GROUP BY message_id)"
    )
    op.drop_index("ix_feedback_message_id", table_name="feedback")
    op.create_index("ix_feedback_message_id", "feedback", ["message_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_feedback_message_id", table_name="feedback")
    op.create_index("ix_feedback_message_id", "feedback", ["message_id"])
    op.drop_table("console_login_failures")
    op.drop_table("console_sessions")
    op.drop_table("rate_limit_counters")
