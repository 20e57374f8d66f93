"""/review/programs/<id>/sustained: check-ins per week in the 8 weeks after a programme."""

import re

from webapp.extensions import db
from webapp.models import Program
from webapp.models.types import utcnow
from webapp.services.sustained_use import load_sustained


def program_ids(app) -> tuple[int, int]:
    """(running demo programme, finished demo programme)."""
    with app.app_context():
        finished = db.session.scalar(db.select(Program.id).where(Program.name.like("%Angkatan I")))
        running = db.session.scalar(db.select(Program.id).where(Program.id != finished))
    return running, finished


def test_the_finished_programme_shows_weekly_use_per_participant(seeded_history, login_as):
    _, finished = program_ids(seeded_history)
    html = login_as("bkpsdm").get(f"/review/programs/{finished}/sustained") \
        .get_data(as_text=True)
    with seeded_history.app_context():
        usage = load_sustained(finished, utcnow())
    assert usage.ended and usage.complete_weeks == 8 and len(usage.rows) == 12
    # The demo has steady users, fading ones and one who never checked in again.
    assert 0 < usage.every_week < 12 and usage.never >= 1
    summary = html.split('data-testid="sustained-summary"')[1].split("</dl>")[0]
    numbers = [int(n) for n in re.findall(r"<dd>(\d+)</dd>", summary)]
    assert numbers == [12, usage.every_week, usage.last_week, usage.never]
    table = html.split('data-testid="sustained-table"')[1].split("</table>")[0]
    assert all(f"Mg {k}</th>" in table for k in range(1, 9))
    assert table.count('class="sparkline"') == 12
    for row in usage.rows:
        cells = table.split(row.participant.full_name)[1].split("</tr>")[0]
        shown = [int(n) for n in re.findall(r'<td [^>]*class="num count-\w+">(\d+)</td>', cells)]
        assert shown == row.counts


def test_a_running_programme_says_use_is_counted_after_it_ends(seeded_history, login_as):
    running, _ = program_ids(seeded_history)
    html = login_as("bkpsdm").get(f"/review/programs/{running}/sustained").get_data(as_text=True)
    assert 'data-testid="not-ended"' in html and "–" in html
    assert login_as("bkpsdm").get("/review/programs/999/sustained").status_code == 404
