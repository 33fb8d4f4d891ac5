"""run measures and attachment text

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measures', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_target_text_hash'), ['text_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_text_hash'))
        batch_op.drop_column('text_hash')
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.drop_column('measures')
