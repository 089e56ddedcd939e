"""The sections of the annual report to the board that the secretary writes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Optional

from portal.forms import VersionedForm, max_length, strip_filter
from portal.reports.models import SECTION_MAX


class BoardReportForm(VersionedForm):
    assessment = TextAreaField(
        _l("The committee's assessment"),
        filters=[strip_filter],
        validators=[Optional(), max_length(SECTION_MAX)],
        description=_l(
            "How the committee judges the learning environment this year, and its own work: what went well, "
            "what did not. Leave a blank line between paragraphs."
        ),
    )
    recommendations = TextAreaField(
        _l("Recommendations to the board"),
        filters=[strip_filter],
        validators=[Optional(), max_length(SECTION_MAX)],
        description=_l("What the committee asks the board to do. One paragraph per recommendation."),
    )
