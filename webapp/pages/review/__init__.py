"""BKPSDM review pages, for reviewers only: programme dashboards with exports and a print view,
sustained use after a programme, daily attendance per unit, and the check-in review queue."""

from webapp.pages.review import checkins, daily, programs  # noqa: F401  (routes register on import)
