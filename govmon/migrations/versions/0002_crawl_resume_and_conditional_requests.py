"""crawl resume and conditional requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:17:31.508527
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('etag', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('last_modified', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('reused_from', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('reused_from')
        batch_op.drop_column('last_modified')
        batch_op.drop_column('etag')

    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.drop_column('worker')

