"""Advisor requests remember the client's Idempotency-Key (as a hash), so a retry that reaches
another web worker, or the same one after a restart, finds the first request instead of
storing a second.

Revision ID: 0005_contact_client_key
Revises: 0004_telegram_state
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_contact_client_key"
down_revision = "0004_telegram_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: requests without a key (Telegram, older rows) stay NULL, and NULLs never
    # collide in a unique index on SQLite or PostgreSQL.
    op.add_column("contact_requests", sa.Column("client_key", sa.String(64), nullable=True))
    # A unique index rather than a constraint: SQLite adds it without rebuilding the table,
    # and ON CONFLICT (client_key) accepts it on both databases.
    op.create_index("ix_contact_requests_client_key", "contact_requests", ["client_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_contact_requests_client_key", table_name="contact_requests")
    with op.batch_alter_table("contact_requests") as batch:
        batch.drop_column("client_key")
