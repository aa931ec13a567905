"""Organisations: companies, institutions and research bodies.

Revision ID: 0002_organisations
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_organisations"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("country", sa.String(2), nullable=False, index=True),
        sa.Column("region", sa.String(128)),
        sa.Column("city", sa.String(128)),
        sa.Column("postcode", sa.String(16)),
        sa.Column("address", sa.Text()),
        sa.Column("website", sa.Text()),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(64)),
        sa.Column("contact_person", sa.String(200)),
        sa.Column("languages", sa.JSON()),
        sa.Column("sectors", sa.JSON()),
        sa.Column("offers", sa.Text()),
        sa.Column("seeks", sa.Text()),
        sa.Column("description", sa.Text()),
        sa.Column("employees", sa.Integer()),
        sa.Column("founded", sa.Integer()),
        sa.Column("certifications", sa.JSON()),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("languages_key", sa.Text(), nullable=False),
        sa.Column("sectors_key", sa.Text(), nullable=False),
        sa.Column("certifications_key", sa.Text(), nullable=False),
        sa.Column("region_key", sa.String(128), nullable=False, index=True),
        sa.Column("city_key", sa.String(128), nullable=False, index=True),
        sa.Column("embedded_hash", sa.String(64)),
        sa.Column("updated_at", sa.DateTime()),
    )


def downgrade() -> None:
    op.drop_table("organisations")
