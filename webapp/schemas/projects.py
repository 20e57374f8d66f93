"""Change projects: the `project*` sync kinds' data, and a project as the API shows it."""

import re

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import SANE_DATE, IdSchema
from webapp.services.project_rules import (
    CLASSIFICATIONS,
    LIFE_STATES,
    STAGES,
    STOP_REASONS,
    VERDICTS,
)

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
TEXT = validate.Length(max=4000)


def _title(required: bool):
    return ma.fields.String(required=required, validate=validate.Length(
        min=3, max=200, error="Judul 3–200 karakter."))


class MilestoneDataSchema(IdSchema):
    id = ma.fields.UUID(required=True)
    stage = ma.fields.String(validate=validate.OneOf(
        STAGES, error="Tahap harus 'pendek', 'menengah' atau 'panjang'."))
    title = _title(False)
    output = ma.fields.String(validate=validate.Length(max=500))
    due_date = ma.fields.Date(allow_none=True, validate=SANE_DATE)


class ProjectFieldsSchema(IdSchema):
    """The editable fields of a project; an edit carries only those it changes."""

    title = _title(False)
    problem = ma.fields.String(validate=TEXT)
    goal = ma.fields.String(validate=TEXT)
    indicator = ma.fields.String(validate=validate.Length(max=200))
    unit_id = ma.fields.Integer()
    program_id = ma.fields.Integer(allow_none=True)
    launched_on = ma.fields.Date(allow_none=True, validate=SANE_DATE)
    milestones = ma.fields.List(ma.fields.Nested(MilestoneDataSchema), validate=validate.Length(
        max=30, error="Paling banyak 30 tahapan."))


class ProjectDataSchema(ProjectFieldsSchema):
    """`data` of a `project` entry. A new project needs a title and its office; an edit of a
    known one carries `base`: the values its owner saw of every field it changes."""

    project_id = ma.fields.UUID(required=True)
    base = ma.fields.Nested(ProjectFieldsSchema, load_default=None, allow_none=True)

    @ma.validates_schema
    def milestones_are_whole(self, data, **kwargs):
        ids = [str(m["id"]) for m in data.get("milestones", [])]
        if len(ids) != len(set(ids)):
            raise ma.ValidationError("Ada tahapan dengan id ganda.", "milestones")


class ProjectReportDataSchema(IdSchema):
    """Progress on a milestone (`done: true` claims it), or the usage of one month."""

    project_id = ma.fields.UUID(required=True)
    milestone_id = ma.fields.UUID(load_default=None, allow_none=True)
    done = ma.fields.Boolean(load_default=False)
    period = ma.fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        PERIOD, error="Bulan harus berbentuk TTTT-BB, mis. 2026-11."))
    usage = ma.fields.Integer(load_default=None, allow_none=True, strict=True,
                              validate=validate.Range(min=0, error="Jumlah tidak boleh negatif."))
    note = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    photo_id = ma.fields.UUID(load_default=None, allow_none=True)

    @ma.validates_schema
    def progress_or_usage(self, data, **kwargs):
        if (data.get("period") is None) != (data.get("usage") is None):
            raise ma.ValidationError("Laporan pemakaian perlu bulan dan jumlahnya.",
                                     "usage" if data.get("usage") is None else "period")
        if data.get("period") is None and data.get("milestone_id") is None:
            raise ma.ValidationError("Pilih tahapan, atau isi bulan dan jumlah pemakaian.",
                                     "milestone_id")
        if data.get("done") and data.get("milestone_id") is None:
            raise ma.ValidationError("Pilih tahapan yang diklaim selesai.", "milestone_id")


class ProjectReviewDataSchema(IdSchema):
    """The mentor's verdict on a claimed milestone, and/or the project's classification."""

    project_id = ma.fields.UUID(required=True)
    milestone_id = ma.fields.UUID(load_default=None, allow_none=True)
    verdict = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        VERDICTS, error="Keputusan harus 'diterima' atau 'dikembalikan'."))
    comment = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    budget_note = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    classification = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        CLASSIFICATIONS, error="Klasifikasi harus 'inovasi_baru', 'pengembangan' atau "
        "'rutinitas'."))

    @ma.validates_schema
    def decides_something(self, data, **kwargs):
        if (data.get("milestone_id") is None) != (data.get("verdict") is None):
            raise ma.ValidationError("Keputusan perlu tahapan dan putusannya.",
                                     "verdict" if data.get("verdict") is None else "milestone_id")
        if data.get("verdict") is None and data.get("classification") is None:
            raise ma.ValidationError("Putuskan tahapan atau klasifikasikan proyek.", "verdict")
        if data.get("verdict") == "dikembalikan" and not data.get("comment", "").strip():
            raise ma.ValidationError("Tuliskan mengapa tahapan ini dikembalikan.", "comment")


class ProjectStopDataSchema(IdSchema):
    project_id = ma.fields.UUID(required=True)
    reason = ma.fields.String(required=True, validate=validate.OneOf(
        STOP_REASONS, error="Alasan harus salah satu dari: " + ", ".join(STOP_REASONS) + "."))
    note = ma.fields.String(load_default="", validate=validate.Length(max=1000))


class MilestoneRecordSchema(ma.Schema):
    id = ma.fields.String()
    stage = ma.fields.String()
    title = ma.fields.String()
    output = ma.fields.String()
    due_date = ma.fields.Date(allow_none=True)
    state = ma.fields.String()
    overdue = ma.fields.Boolean()
    report = ma.fields.Dict(allow_none=True)  # latest progress: note, photo_id, done, by_id, at
    review = ma.fields.Dict(allow_none=True)  # latest verdict: comment, budget_note, by_id, at


class ProjectRecordSchema(ma.Schema):
    """A project as its owner's and mentor's phones and BKPSDM see it."""

    kind = ma.fields.Constant("project")
    id = ma.fields.String()
    owner_id = ma.fields.Integer()
    owner_name = ma.fields.String()  # the mentor's list names whose project it is
    mentor_id = ma.fields.Integer(allow_none=True)
    program_id = ma.fields.Integer(allow_none=True)
    unit_id = ma.fields.Integer()
    title = ma.fields.String()
    problem = ma.fields.String()
    goal = ma.fields.String()
    indicator = ma.fields.String()
    launched_on = ma.fields.Date(allow_none=True)
    classification = ma.fields.String(allow_none=True)
    state = ma.fields.String(validate=validate.OneOf(LIFE_STATES))
    usage = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    missing_usage = ma.fields.List(ma.fields.String())  # complete months not yet reported
    stop = ma.fields.Dict(allow_none=True)
    milestones = ma.fields.List(ma.fields.Nested(MilestoneRecordSchema))
    conflicts = ma.fields.List(ma.fields.Dict())


class ProjectEntryRecordSchema(ma.Schema):
    """The record of a report, review or stop entry: the row, and its project after it."""

    kind = ma.fields.String()
    id = ma.fields.String()
    project = ma.fields.Nested(ProjectRecordSchema)


class ProjectListQuerySchema(IdSchema):
    unit = ma.fields.String(load_default=None, validate=validate.Length(max=40))
    program = ma.fields.Integer(load_default=None)
    state = ma.fields.String(load_default=None, validate=validate.OneOf(LIFE_STATES))


class ProjectListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ProjectRecordSchema), required=True)
