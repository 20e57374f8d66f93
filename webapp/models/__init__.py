"""All models, imported here so Alembic and `db.create_all()` see every table."""

from webapp.models.audit import AuditEvent
from webapp.models.calendar import Holiday, SpecialPeriod, WorkHours
from webapp.models.checkin import CheckIn
from webapp.models.correction import Correction
from webapp.models.leave import LeaveRequest
from webapp.models.login_session import LoginSession
from webapp.models.photo import Photo
from webapp.models.program import (
    ClinicSession,
    CodeAttempts,
    CodeClaim,
    Program,
    ProgramParticipant,
    SessionAttendance,
)
from webapp.models.project import (
    Project,
    ProjectConflict,
    ProjectMilestone,
    ProjectReport,
    ProjectReview,
    ProjectStop,
)
from webapp.models.settings import DistrictSettings
from webapp.models.sync import EditConflict, SyncConflict, SyncEntry
from webapp.models.unit import Unit
from webapp.models.user import User, UserRole

__all__ = [
    "AuditEvent", "CheckIn", "ClinicSession", "CodeAttempts", "CodeClaim", "Correction",
    "DistrictSettings", "EditConflict", "Holiday", "LeaveRequest", "LoginSession", "Photo",
    "Program", "ProgramParticipant", "Project", "ProjectConflict", "ProjectMilestone",
    "ProjectReport", "ProjectReview", "ProjectStop", "SessionAttendance", "SpecialPeriod",
    "SyncConflict", "SyncEntry", "Unit", "User", "UserRole", "WorkHours",
]
