"""/coaching: coaches manage their programmes and run sessions; coaches and reviewers decide
leave. Forms post here and call the same services (and schemas) as the JSON API."""


from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.models.types import utcnow
from webapp.pages import bp
from webapp.pages.forms import flash_refused, form_int, form_number, form_optional, load_form
from webapp.schemas.leave import LeaveDecisionSchema
from webapp.schemas.programs import (
    EnrolSchema,
    ProgramCreateSchema,
    ScheduleSchema,
    SessionCancelSchema,
    SessionMoveSchema,
    SessionUpdateSchema,
)
from webapp.security import roles_required
from webapp.services import code_attempts, programs
from webapp.services import leave as leave_service
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.refused import Refused
from webapp.services.session_page import coach_session_data
from webapp.services.sync_kinds.clinic import grace as code_grace
from webapp.vocabulary import LEAVE_STATES, LEAVE_TYPES, WEEKDAYS

COACHES = ("coach", "admin")


def _program_or_404(program_id: int):
    try:
        return programs.get_managed_program(current_user, program_id)
    except Refused:
        abort(404)


def _session_or_404(session_id: int):
    try:
        return programs.get_managed_session(current_user, session_id)
    except Refused:
        abort(404)


@bp.get("/coaching")
@roles_required(*COACHES)
def coaching_index():
    pending = leave_service.pending_count(current_user) if current_user.has_role("coach") else 0
    return render_template("coaching/index.html",
                           programs=programs.managed_programs(current_user), pending=pending)


PROGRAM_DEFAULTS = {"zone_green_pct": 80, "zone_yellow_pct": 50, "target_sessions": 10}


@bp.route("/coaching/programs/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def coaching_program_new():
    form, errors = dict(PROGRAM_DEFAULTS), {}
    if request.method == "POST":
        form = request.form.to_dict()
        data, errors = load_form(ProgramCreateSchema(), {
            "name": form.get("name", "").strip(), "start_date": form.get("start_date"),
            "end_date": form.get("end_date"),
            "target_sessions": form_int(form.get("target_sessions")),
            "zone_green_pct": form_number(form.get("zone_green_pct")),
            "zone_yellow_pct": form_number(form.get("zone_yellow_pct")),
            "skills": [line.strip() for line in form.get("skills", "").splitlines()
                       if line.strip()]})
        if data is not None:
            try:
                program = programs.create_program(current_user, data)
            except Refused as error:
                flash_refused(error)
            else:
                db.session.commit()
                flash("Program dibuat. Daftarkan peserta lalu buat jadwalnya.", "info")
                return redirect(url_for("pages.coaching_program", program_id=program.id))
    status = 400 if errors else 200
    return render_template("coaching/program_new.html", form=form, errors=errors), status


def _candidates(program) -> list[User]:
    enrolled = {link.user_id for link in program.participants}
    users = db.session.scalars(db.select(User).join(UserRole).where(
        User.active.is_(True), UserRole.role == "participant").order_by(User.full_name))
    return [u for u in users if u.id not in enrolled]


def _program_page(program, errors: dict | None = None, form: dict | None = None, status=200):
    tz_name = program.unit.timezone
    participants = sorted((link.user for link in program.participants),
                          key=lambda u: u.full_name)
    coaches = list(db.session.scalars(db.select(User).join(UserRole).where(
        User.active.is_(True), UserRole.role == "coach").order_by(User.full_name)))
    units = list(db.session.scalars(db.select(Unit).order_by(Unit.name)))
    return render_template(
        "coaching/program.html", program=program, participants=participants,
        candidates=_candidates(program), units=units, coaches=coaches,
        weekdays=list(enumerate(WEEKDAYS)), errors=errors or {}, form=form or {},
        local=lambda at: local_datetime(at, tz_name), zone=zone_label(tz_name)), status


@bp.get("/coaching/programs/<int:program_id>")
@roles_required(*COACHES)
def coaching_program(program_id):
    return _program_page(_program_or_404(program_id))


@bp.post("/coaching/programs/<int:program_id>/participants")
@roles_required(*COACHES)
def coaching_enrol(program_id):
    program = _program_or_404(program_id)
    data, errors = load_form(EnrolSchema(), {
        "user_ids": [form_int(v) for v in request.form.getlist("user_ids")],
        "unit_id": form_int(request.form.get("unit_id"))})
    if data is None:
        return _program_page(program, errors=errors, status=400)
    try:
        added = programs.enrol(current_user, program, data["user_ids"], data["unit_id"])
    except Refused as error:
        flash_refused(error)
    else:
        db.session.commit()
        flash(f"{len(added)} peserta ditambahkan." if added
              else "Tidak ada peserta baru: semua sudah terdaftar.", "info")
    return redirect(url_for("pages.coaching_program", program_id=program.id))


@bp.post("/coaching/programs/<int:program_id>/participants/<int:user_id>/remove")
@roles_required(*COACHES)
def coaching_unenrol(program_id, user_id):
    program = _program_or_404(program_id)
    try:
        programs.unenrol(current_user, program, user_id)
    except Refused as error:
        flash_refused(error)
    else:
        db.session.commit()
        flash("Peserta dikeluarkan dari program; catatan kehadirannya tetap disimpan.", "info")
    return redirect(url_for("pages.coaching_program", program_id=program.id))


@bp.post("/coaching/programs/<int:program_id>/schedule")
@roles_required(*COACHES)
def coaching_schedule(program_id):
    program = _program_or_404(program_id)
    form = request.form.to_dict()
    form["weekdays"] = request.form.getlist("weekdays")
    data, errors = load_form(ScheduleSchema(), {
        "weekdays": [form_int(v) for v in form["weekdays"]],
        "start_time": form.get("start_time"), "end_time": form.get("end_time"),
        "date_from": form_optional(form.get("date_from")),
        "date_to": form_optional(form.get("date_to")),
        "holidays": [d.strip() for d in form.get("holidays", "").replace(",", "\n").splitlines()
                     if d.strip()],
        "place": form.get("place", "").strip(), "coach_id": form_int(form.get("coach_id"))})
    if data is None:
        return _program_page(program, errors=errors, form=form, status=400)
    try:
        created, skipped = programs.generate_schedule(current_user, program, data)
    except Refused as error:
        flash_refused(error)
        return _program_page(program, errors=error.fields or {}, form=form, status=400)
    db.session.commit()
    flash(f"{len(created)} sesi dibuat" + (f", {skipped} sudah ada." if skipped else "."),
          "info")
    return redirect(url_for("pages.coaching_program", program_id=program.id))


def _edit_page(session, errors=None, status=200):
    tz_name = session.program.unit.timezone
    coaches = list(db.session.scalars(db.select(User).join(UserRole).where(
        User.active.is_(True), UserRole.role == "coach").order_by(User.full_name)))
    return render_template("coaching/session_edit.html", session=session, coaches=coaches,
                           errors=errors or {}, start=local_datetime(session.starts_at, tz_name),
                           end=local_datetime(session.ends_at, tz_name),
                           zone=zone_label(tz_name)), status


@bp.get("/coaching/sessions/<int:session_id>/edit")
@roles_required(*COACHES)
def coaching_session_edit(session_id):
    return _edit_page(_session_or_404(session_id))


def _session_action(session, schema, data, action, done_message):
    loaded, errors = load_form(schema, data)
    if loaded is None:
        return _edit_page(session, errors, 400)
    try:
        action(loaded)
    except Refused as error:
        flash_refused(error)
        return _edit_page(session, error.fields or {}, 400 if error.fields else 409)
    db.session.commit()
    flash(done_message, "info")
    return redirect(url_for("pages.coaching_program", program_id=session.program_id))


@bp.post("/coaching/sessions/<int:session_id>/edit")
@roles_required(*COACHES)
def coaching_session_update(session_id):
    session = _session_or_404(session_id)
    form = request.form
    data = {"place": form.get("place", "").strip(), "topic": form.get("topic", "").strip(),
            "notes": form.get("notes", "").strip(), "coach_id": form_int(form.get("coach_id"))}
    return _session_action(session, SessionUpdateSchema(), data,
                           lambda d: programs.update_session(current_user, session, d),
                           "Sesi diperbarui.")


@bp.post("/coaching/sessions/<int:session_id>/move")
@roles_required(*COACHES)
def coaching_session_move(session_id):
    session = _session_or_404(session_id)
    form = request.form
    data = {"date": form.get("date"), "start_time": form.get("start_time"),
            "end_time": form.get("end_time"), "reason": form.get("reason", "").strip()}
    return _session_action(session, SessionMoveSchema(), data, lambda d: programs.move_session(
        current_user, session, d["date"], d["start_time"], d["end_time"], d["reason"]),
        "Sesi dipindahkan.")


@bp.post("/coaching/sessions/<int:session_id>/cancel")
@roles_required(*COACHES)
def coaching_session_cancel(session_id):
    session = _session_or_404(session_id)
    data = {"reason": request.form.get("reason", "").strip()}
    return _session_action(session, SessionCancelSchema(), data,
                           lambda d: programs.cancel_session(current_user, session, d["reason"]),
                           "Sesi dibatalkan.")


@bp.get("/coaching/sessions/<int:session_id>")
@roles_required(*COACHES)
def coaching_session(session_id):
    """The coach's live session page: rotating code, roster, log. Everything it needs is in
    the HTML, so the service worker's cached copy works offline."""
    session = _session_or_404(session_id)
    grace = code_grace(current_app.config)
    data = coach_session_data(session, utcnow(), grace, code_attempts.limit(current_app.config))
    tz_name = session.program.unit.timezone
    opens, closes = (local_datetime(session.starts_at - grace, tz_name),
                     local_datetime(session.ends_at + grace, tz_name))
    window = f"{opens:%H:%M}–{closes:%H:%M} {zone_label(tz_name)}"
    return render_template("coaching/session.html", session=session, data=data, window=window,
                           start=local_datetime(session.starts_at, tz_name))


@bp.get("/coaching/leave")
@roles_required("coach", "reviewer")
def coaching_leave():
    leaves = leave_service.visible_leaves(current_user)
    return render_template("coaching/leave.html", leaves=leaves,
                           types=LEAVE_TYPES.labels, states=LEAVE_STATES.labels,
                           evidence=leave_service.evidence_received(leaves),
                           beyond=leave_service.beyond_coach(current_user, leaves),
                           beyond_text=leave_service.BEYOND_COACH,
                           enrolled=leave_service.enrolled_program_names(
                               {leave.user_id for leave in leaves}))


@bp.post("/coaching/leave/<int:leave_id>/decision")
@roles_required("coach", "reviewer")
def coaching_leave_decision(leave_id):
    data, errors = load_form(LeaveDecisionSchema(), {
        "decision": request.form.get("decision"), "note": request.form.get("note", "").strip()})
    if data is None:
        flash("Keputusan tidak sah: " + "; ".join(" ".join(m) for m in errors.values()), "error")
        return redirect(url_for("pages.coaching_leave"))
    try:
        leave, changed = leave_service.decide(current_user, leave_id, data["decision"],
                                              data["note"], utcnow())
    except Refused as error:
        flash_refused(error)
        return redirect(url_for("pages.coaching_leave"))
    db.session.commit()
    if leave.state == "approved":
        flash(f"Permohonan {leave.user.full_name} disetujui; {changed} sesi menjadi "
              f"{LEAVE_TYPES.label(leave.type).lower()}.", "info")
    else:
        flash(f"Permohonan {leave.user.full_name} ditolak.", "info")
    return redirect(url_for("pages.coaching_leave"))
