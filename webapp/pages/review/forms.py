"""Review decision forms; IndonesianForm brings the CSRF check."""

from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from webapp.pages.forms import IndonesianForm
from webapp.services.checkin_review import DECISIONS, REASON_MAX


class DecisionForm(IndonesianForm):
    # The two submit buttons are both named "decision"; the one pressed sends its value.
    decision = SelectField(choices=DECISIONS, validate_choice=True)
    reason = TextAreaField("Alasan", validators=[Length(max=REASON_MAX)])


class ResolveForm(IndonesianForm):
    reason = TextAreaField("Catatan", validators=[Length(max=REASON_MAX)])
