"""Provenance: the feed that brought an article and the site it is shown under when its URL
is not vouched for; the machine-readable cause of a feed's last failure.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Plain added columns (no table rebuild): SQLite keeps the full-text triggers on articles.
    op.add_column("articles", sa.Column("feed_id", sa.Integer(), nullable=True))
    op.add_column("articles", sa.Column("via", sa.Text(), nullable=True))
    op.add_column("feeds", sa.Column("last_error_code", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("feeds", "last_error_code")
    op.drop_column("articles", "via")
    op.drop_column("articles", "feed_id")
