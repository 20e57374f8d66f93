"""user_role's role check knows the supervisor role

Revision ID: c41e7a9d2b10
Revises: be36ab023b9a
Create Date: 2026-11-27 13:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c41e7a9d2b10'
down_revision = 'be36ab023b9a'
branch_labels = None
depends_on = None

OLD = "role IN ('participant', 'coach', 'reviewer', 'admin')"
NEW = "role IN ('participant', 'coach', 'reviewer', 'supervisor', 'admin')"


def _check(condition):
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_role_role_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_role_role_known'), condition)


def upgrade():
    _check(NEW)


def downgrade():
    _check(OLD)
