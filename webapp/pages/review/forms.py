"""Review decision forms; FlaskForm brings the CSRF check."""

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from webapp.services.checkin_review import DECISIONS, REASON_MAX


class DecisionForm(FlaskForm):
    # The two submit buttons are both named "decision"; the one pressed sends its value.
    decision = SelectField(choices=DECISIONS, validate_choice=True)
    reason = TextAreaField("Alasan", validators=[Length(max=REASON_MAX)])


class ResolveForm(FlaskForm):
    reason = TextAreaField("Catatan", validators=[Length(max=REASON_MAX)])
