"""/admin: users, units and their schedules, holidays, the district's settings. Admins manage
all of it; BKPSDM reviewers also manage the holidays (the working calendar is theirs)."""

# Routes register on import.
from webapp.pages.admin import holidays, settings, units, users, users_import  # noqa: F401
