"""ipv6 results per audit and daily probe rollup

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ipv6', sa.JSON(), nullable=False, server_default='{}'))
    op.create_table('probeday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ip_version', sa.Integer(), nullable=False),
    sa.Column('probes', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('ttfb_ms_sum', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('site_id', 'url', 'day', 'ip_version')
    )
    with op.batch_alter_table('probeday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_probeday_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_probeday_site_id'), ['site_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('probeday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_probeday_site_id'))
        batch_op.drop_index(batch_op.f('ix_probeday_day'))
    op.drop_table('probeday')
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.drop_column('ipv6')
