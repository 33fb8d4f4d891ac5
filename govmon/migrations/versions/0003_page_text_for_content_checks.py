"""page text for content checks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 06:45:23.584411
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pagetext',
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('hash')
    )
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_page_text_hash'), ['text_hash'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_text_hash'))
        batch_op.drop_column('text_hash')

    op.drop_table('pagetext')
