"""/admin/units: place, geofence, head and working week of a unit, saved where the calendar
reads them, so the daily and monthly numbers follow what the admin set."""

from datetime import date, time, timedelta

from tests.api.test_admin_users import _ids, _post
from webapp.extensions import db
from webapp.models import AuditEvent, SpecialPeriod, Unit
from webapp.services.calendar_records import load_calendar
from webapp.services.work_calendar import Hours, work_day

MONDAY = date(2027, 3, 1)  # no demo holiday that week


def _unit(app, code: str) -> Unit:
    with app.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code=code))
        db.session.expunge(unit)
        return unit


def _unit_fields(unit: Unit, **overrides) -> dict:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "timezone": unit.timezone,
            "latitude": str(unit.latitude), "longitude": str(unit.longitude),
            "geofence_radius_m": "150", "head_id": str(unit.head_id or ""), **overrides}


def _day(app, code: str, day: date):
    unit = _unit(app, code)
    with app.app_context():
        return work_day(load_calendar(day, day), unit.id, unit.work_start, day)


def test_an_admin_moves_the_office_widens_the_geofence_and_asks_for_selfies(seeded, login_as):
    admin = login_as("admin")
    unit = _unit(seeded, "DINKES")
    response = _post(admin, f"/admin/units/{unit.id}",
                     **_unit_fields(unit, latitude="-1.4801", longitude="101.2422",
                                    geofence_radius_m="300", selfie_required="y"))
    assert response.status_code == 302
    saved = _unit(seeded, "DINKES")
    assert (saved.latitude, saved.longitude, saved.geofence_radius_m) == (-1.4801, 101.2422,
                                                                          300.0)
    assert saved.selfie_required
    with seeded.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="unit.update"))
        assert event.before["geofence_radius_m"] == 150.0
        assert event.after["geofence_radius_m"] == 300.0
    html = admin.get(f"/admin/units/{unit.id}").get_data(as_text=True)
    assert 'data-testid="geofence"' in html and "<circle class=\"fence\"" in html


def test_bad_unit_input_is_a_form_error_never_a_500(seeded, login_as):
    admin = login_as("admin")
    unit = _unit(seeded, "DINKES")
    for bad, message in [({"latitude": "91"}, "Angka harus"),
                         ({"latitude": "utara"}, "Harus berupa angka"),
                         ({"longitude": ""}, "lintang dan bujur bersama"),
                         ({"geofence_radius_m": "0"}, "Angka harus"),
                         ({"code": "PUPR"}, "sudah dipakai"),
                         ({"code": "huruf kecil"}, "Huruf besar"),
                         ({"head_id": str(_ids(seeded, "peserta01")[0])}, "Pilihan tidak sah"),
                         ({"timezone": "Europe/Paris"}, "Pilihan tidak sah")]:
        response = _post(admin, f"/admin/units/{unit.id}", **_unit_fields(unit, **bad))
        assert response.status_code == 422, bad
        assert message in response.get_data(as_text=True), bad
    assert _unit(seeded, "DINKES").latitude == unit.latitude


def test_a_new_unit_with_its_head(seeded, login_as):
    admin = login_as("admin")
    [head] = _ids(seeded, "atasan3")
    response = _post(admin, "/admin/units/new", code="DISPAR", name="Dinas Pariwisata",
                     kind="dinas", timezone="Asia/Jakarta", latitude="", longitude="",
                     geofence_radius_m="200", head_id=str(head))
    assert response.status_code == 302
    unit = _unit(seeded, "DISPAR")
    assert unit.head_id == head and unit.latitude is None
    html = admin.get(f"/admin/units/{unit.id}").get_data(as_text=True)
    assert "Lokasi kantor belum diisi" in html


def _week(**overrides) -> dict:
    times = {}
    for d in range(6):
        times[f"start_{d}"], times[f"end_{d}"] = "07:30", "16:00"
    times["end_4"] = "11:30"  # a short Friday
    return {"own_week": "y", "work_days": "6", **times, **overrides}


def test_a_units_own_week_is_what_the_calendar_reads(seeded, login_as):
    admin = login_as("admin")
    unit = _unit(seeded, "KEC-SANGIR")
    saturday = MONDAY + timedelta(days=5)
    assert not _day(seeded, "KEC-SANGIR", saturday).is_work_day
    assert _post(admin, f"/admin/units/{unit.id}/week", **_week()).status_code == 302
    assert _day(seeded, "KEC-SANGIR", saturday).hours == Hours(time(7, 30), time(16, 0))
    assert _day(seeded, "KEC-SANGIR", MONDAY + timedelta(days=4)).hours.end == time(11, 30)
    assert not _day(seeded, "PUPR", saturday).is_work_day  # other units keep the district's
    # Back to the district's week.
    assert _post(admin, f"/admin/units/{unit.id}/week", work_days="5").status_code == 302
    assert not _day(seeded, "KEC-SANGIR", saturday).is_work_day


def test_a_week_with_a_missing_or_backwards_time_is_refused_and_nothing_changes(seeded,
                                                                               login_as):
    admin = login_as("admin")
    unit = _unit(seeded, "KEC-SANGIR")
    response = _post(admin, f"/admin/units/{unit.id}/week",
                     **_week(start_1="", end_2="06:00", start_3="25:99"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Jam tidak sah." in html
    response = _post(admin, f"/admin/units/{unit.id}/week", **_week(start_1="", end_2="06:00"))
    html = response.get_data(as_text=True)
    assert "Isi jam masuk." in html and "Jam pulang harus sesudah jam masuk." in html
    assert not _day(seeded, "KEC-SANGIR", MONDAY + timedelta(days=5)).is_work_day


def _period(api, unit: Unit, **data):
    return api.client.post(f"/admin/units/{unit.id}/periods",
                           data={"period-csrf_token": api.csrf, **data})


def test_a_units_special_period_changes_its_hours_and_can_be_removed(seeded, login_as):
    admin = login_as("admin")
    unit = _unit(seeded, "PUPR")
    times = {f"period-{k}_{d}": v for d in range(5)
             for k, v in (("start", "08:00"), ("end", "14:00"))}
    response = _period(admin, unit, **{"period-name": "Ramadan 1448 H",
                                       "period-date_from": MONDAY.isoformat(),
                                       "period-date_to": (MONDAY + timedelta(days=9)).isoformat(),
                                       **times})
    assert response.status_code == 302
    day = _day(seeded, "PUPR", MONDAY + timedelta(days=2))
    assert day.hours == Hours(time(8), time(14)) and day.period == "Ramadan 1448 H"
    assert _day(seeded, "DINKES", MONDAY + timedelta(days=2)).period is None
    backwards = _period(admin, unit, **{"period-name": "Salah",
                                        "period-date_from": MONDAY.isoformat(),
                                        "period-date_to": (MONDAY - timedelta(days=1)).isoformat(),
                                        **times})
    assert backwards.status_code == 422
    assert "sebelum tanggal mulai" in backwards.get_data(as_text=True)
    with seeded.app_context():
        period_id = db.session.scalar(db.select(SpecialPeriod.id).filter_by(unit_id=unit.id))
    other = _unit(seeded, "DINKES")
    assert _post(admin, f"/admin/units/{other.id}/periods/{period_id}/delete").status_code == 404
    assert _post(admin, f"/admin/units/{unit.id}/periods/{period_id}/delete").status_code == 302
    assert _day(seeded, "PUPR", MONDAY + timedelta(days=2)).period is None


def test_only_admins_change_units(seeded, login_as):
    unit = _unit(seeded, "PUPR")
    for username in ("bkpsdm", "atasan2", "peserta01"):
        api = login_as(username)
        assert api.get(f"/admin/units/{unit.id}").status_code == 403
        assert _post(api, f"/admin/units/{unit.id}/week", **_week()).status_code == 403
    assert not _day(seeded, "PUPR", MONDAY + timedelta(days=5)).is_work_day


def _district_week(api, **data):
    return _post(api, "/admin/units/district/week", **data)


def test_the_district_week_is_what_a_unit_without_its_own_reads(seeded, login_as):
    admin = login_as("admin")
    saturday = MONDAY + timedelta(days=5)
    sangir = _unit(seeded, "KEC-SANGIR")
    assert _post(admin, f"/admin/units/{sangir.id}/week",
                 **_week(work_days="5", end_4="16:30")).status_code == 302
    assert "Jadwal kerja kabupaten" in admin.get("/admin/units/district").get_data(as_text=True)
    assert _district_week(admin, **_week(start_0="08:00")).status_code == 302
    assert _day(seeded, "PUPR", saturday).hours == Hours(time(7, 30), time(16, 0))
    assert _day(seeded, "PUPR", MONDAY).hours.start == time(8, 0)
    assert not _day(seeded, "KEC-SANGIR", saturday).is_work_day  # its own week wins
    with seeded.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="district.schedule"))
        assert event.before["week"]["4"] == ["07:30", "16:30"]
        assert event.after["week"]["5"] == ["07:30", "16:00"]
    # Unticked: no district week, every unit without its own falls back to the default.
    assert _district_week(admin, work_days="5").status_code == 302
    assert not _day(seeded, "PUPR", saturday).is_work_day
    assert _day(seeded, "PUPR", MONDAY + timedelta(days=4)).hours.end == time(16, 30)


def test_a_district_special_period_applies_to_units_without_their_own(seeded, login_as):
    admin = login_as("admin")
    times = {f"period-{k}_{d}": v for d in range(5)
             for k, v in (("start", "08:00"), ("end", "14:00"))}
    dates = {"period-date_from": MONDAY.isoformat(),
             "period-date_to": (MONDAY + timedelta(days=9)).isoformat()}
    pupr = _unit(seeded, "PUPR")
    assert _period(admin, pupr, **{"period-name": "Jam PUPR", **dates,
                                   **{k: "09:00" if "start" in k else "13:00"
                                      for k in times}}).status_code == 302
    response = admin.client.post("/admin/units/district/periods", data={
        "period-csrf_token": admin.csrf, "period-name": "Ramadan 1448 H", **dates, **times})
    assert response.status_code == 302
    wednesday = MONDAY + timedelta(days=2)
    day = _day(seeded, "DINKES", wednesday)
    assert day.hours == Hours(time(8), time(14)) and day.period == "Ramadan 1448 H"
    assert _day(seeded, "PUPR", wednesday).period == "Jam PUPR"  # a unit's own period wins
    with seeded.app_context():
        period_id = db.session.scalar(db.select(SpecialPeriod.id).filter_by(
            name="Ramadan 1448 H"))
        own_id = db.session.scalar(db.select(SpecialPeriod.id).filter_by(name="Jam PUPR"))
        assert db.session.scalar(db.select(AuditEvent).filter_by(
            action="period.create", entity_id=str(period_id))).after["unit_id"] is None
    assert "Ramadan 1448 H" in admin.get("/admin/units/district").get_data(as_text=True)
    # A unit's period cannot be removed from the district's page, nor the district's from a
    # unit's.
    assert _post(admin, f"/admin/units/district/periods/{own_id}/delete").status_code == 404
    assert _post(admin, f"/admin/units/{pupr.id}/periods/{period_id}/delete").status_code == 404
    assert _post(admin,
                 f"/admin/units/district/periods/{period_id}/delete").status_code == 302
    assert _day(seeded, "DINKES", wednesday).period is None


def test_bad_district_schedule_input_is_an_indonesian_form_error_never_a_500(seeded, login_as):
    admin = login_as("admin")
    for bad, message in [({"start_3": "25:99"}, "Jam tidak sah."),
                         ({"start_1": ""}, "Isi jam masuk."),
                         ({"end_2": "06:00"}, "Jam pulang harus sesudah jam masuk."),
                         ({"work_days": "7"}, "Pilihan tidak sah.")]:
        response = _district_week(admin, **_week(**bad))
        assert response.status_code == 422, bad
        assert message in response.get_data(as_text=True), bad
    response = admin.client.post("/admin/units/district/periods", data={
        "period-csrf_token": admin.csrf, "period-name": "Salah",
        "period-date_from": MONDAY.isoformat(),
        "period-date_to": (MONDAY - timedelta(days=1)).isoformat(),
        "period-start_0": "08:00", "period-end_0": "07:00"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Jam pulang harus sesudah jam masuk." in html
    response = admin.client.post("/admin/units/district/periods", data={
        "period-csrf_token": admin.csrf, "period-name": "Salah",
        "period-date_from": MONDAY.isoformat(), "period-date_to": "kemarin"})
    assert response.status_code == 422 and "Tanggal tidak sah." in response.get_data(
        as_text=True)
    assert not _day(seeded, "PUPR", MONDAY + timedelta(days=5)).is_work_day
    assert _day(seeded, "PUPR", MONDAY).hours == Hours(time(7, 30), time(16, 0))
    for username in ("bkpsdm", "atasan2"):
        assert _district_week(login_as(username), **_week()).status_code == 403
