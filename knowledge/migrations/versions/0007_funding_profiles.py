"""What the guided funding conversation has learnt about an asker's company, per session
(issue 14). Placeholder created by the lead so the revision chain is fixed while two engineers
work in parallel; the funding-conversation engineer fills it in.

Revision ID: 0007_funding_profiles
Revises: 0006_programmes
"""

revision = "0007_funding_profiles"
down_revision = "0006_programmes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
