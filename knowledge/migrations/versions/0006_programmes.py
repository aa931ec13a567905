"""The funding programme catalogue (issue 14). Placeholder created by the lead so the revision
chain is fixed while two engineers work in parallel; the catalogue engineer fills it in.

Revision ID: 0006_programmes
Revises: 0005_contact_client_key
"""

revision = "0006_programmes"
down_revision = "0005_contact_client_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
