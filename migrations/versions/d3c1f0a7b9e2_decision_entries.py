"""decision entries: corrections and leave decided from the outbox

Revision ID: d3c1f0a7b9e2
Revises: 2805ef25e17d
Create Date: 2026-11-27 17:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd3c1f0a7b9e2'
down_revision = '2805ef25e17d'
branch_labels = None
depends_on = None


OLD_KINDS = ("kind IN ('checkin', 'self_attend', 'mark', 'session_log', 'leave', 'correction', "
             "'project', 'project_report', 'project_review', 'project_stop')")
NEW_KINDS = ("kind IN ('checkin', 'self_attend', 'mark', 'session_log', 'leave', 'correction', "
             "'project', 'project_report', 'project_review', 'project_stop', "
             "'correction_decision', 'leave_decision')")


def _kinds(condition):
    with op.batch_alter_table('sync_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_sync_entry_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_sync_entry_kind_known'), condition)


def upgrade():
    _kinds(NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM sync_entry WHERE kind IN ('correction_decision', 'leave_decision')")
    _kinds(OLD_KINDS)
