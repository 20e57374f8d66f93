"""BKPSDM review pages, for reviewers only: programme dashboards with exports and a print view,
sustained use after a programme, daily attendance per unit, the monthly recap (supervisors
too, for the units they head), the check-in review queue and the anti-spoofing signals."""

from webapp.pages.review import (  # noqa: F401  (routes register on import)
    checkins,
    daily,
    monthly,
    programs,
    projects,
    signals,
)
