"""project conflict field names a milestone field (milestones.<uuid>.<field>)

Revision ID: 3d5e7a1c9b20
Revises: 7bbae1b7bb69
Create Date: 2026-11-27 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d5e7a1c9b20'
down_revision = '7bbae1b7bb69'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project_conflict', schema=None) as batch_op:
        batch_op.alter_column('field', existing_type=sa.String(length=30),
                              type_=sa.String(length=80), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('project_conflict', schema=None) as batch_op:
        batch_op.alter_column('field', existing_type=sa.String(length=80),
                              type_=sa.String(length=30), existing_nullable=False)
