"""Stories, the article -> story link and the grouping's document frequencies.

Revision ID: 0005
Revises: 0003 (0004, sites, is written elsewhere: chain this after it when it lands)
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stories_revision", "stories", ["revision"])
    op.create_index("ix_stories_updated", "stories", ["updated_at", "id"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id"])
    op.create_table(
        "story_terms",
        sa.Column("view", sa.String(16), primary_key=True),
        sa.Column("term", sa.String(200), primary_key=True),
        sa.Column("documents", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_terms")
    op.drop_index("ix_story_articles_story", table_name="story_articles")
    op.drop_table("story_articles")
    op.drop_index("ix_stories_updated", table_name="stories")
    op.drop_index("ix_stories_revision", table_name="stories")
    op.drop_table("stories")
