"""Dated articles first: a flag for "carries a publication date", and the reading-order index
that leads with it, so the latest page and the neighbours are read from one index on both
databases.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain added column (no table rebuild): SQLite keeps the full-text triggers on articles.
    op.add_column(
        "articles", sa.Column("dated", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # Storage placed an article by its date exactly when the date could be read, and then
    # ordered_at is that moment; an unreadable date left ordered_at at the ingestion time.
    op.execute("UPDATE articles SET dated = (published IS NOT NULL AND ordered_at <> ingested_at)")
    op.drop_index("ix_articles_order", table_name="articles")
    op.create_index("ix_articles_order", "articles", ["dated", "ordered_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_order", table_name="articles")
    op.create_index("ix_articles_order", "articles", ["ordered_at", "id"])
    op.drop_column("articles", "dated")
