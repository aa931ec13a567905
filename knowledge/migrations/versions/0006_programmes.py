"""The funding programme catalogue (issue 14): one row per programme or call.

Revision ID: 0006_programmes
Revises: 0005_contact_client_key
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_programmes"
down_revision = "0005_contact_client_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("funder", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("size_classes", sa.JSON(), nullable=False),
        sa.Column("legal_forms", sa.JSON(), nullable=False),
        sa.Column("min_company_age_years", sa.Float()),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("amount_min", sa.Float()),
        sa.Column("amount_max", sa.Float()),
        sa.Column("currency", sa.String(3)),
        sa.Column("funding_rate_max", sa.Float()),
        sa.Column("funding_rate_note", sa.JSON(), nullable=False),
        sa.Column("de_minimis", sa.Boolean()),
        sa.Column("opens_on", sa.Date()),
        sa.Column("closes_on", sa.Date(), index=True),
        sa.Column("rolling", sa.Boolean(), nullable=False),
        sa.Column("how_to_apply", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("contact_org_id", sa.String(128)),
        sa.Column("url", sa.Text()),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime()),
    )


def downgrade() -> None:
    op.drop_table("programmes")
