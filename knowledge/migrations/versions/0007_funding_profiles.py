"""What the guided funding conversation has learnt about an asker's company, per session
(issue 14): the profile facts, the question being asked and the questions skipped. Rows go with
their session (ON DELETE CASCADE), so /forget, the session erase and retention remove them.

Revision ID: 0007_funding_profiles
Revises: 0006_programmes
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_funding_profiles"
down_revision = "0006_programmes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funding_profiles",
        sa.Column("session_id", sa.String(64),
                  sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        # The guided question waiting for its answer (location | size | project | start), or
        # NULL when no guided conversation is running.
        sa.Column("pending", sa.String(16), nullable=True),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("funding_profiles")
