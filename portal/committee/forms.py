from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Optional

from portal.committee.models import (
    BACKGROUND_MAX,
    CASE_OFFICER_MAX,
    DECISION_MAX,
    ITEM_TITLE_MAX,
    PLACE_MAX,
    PROPOSAL_MAX,
)
from portal.committee.texts import CONCLUSION_LABELS, KIND_LABELS
from portal.forms import VersionedForm, max_length, options, required, strip_filter
from portal.issues.models import DESCRIPTION_MAX


class IssueIdsField(SelectMultipleField):
    """Ids of escalated issues, as checkboxes drawn by the template. The service checks each
    issue (still escalated, sent to this committee) and names the ones that are not."""

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            if not (value.isdigit() and len(value) < 10):
                raise ValueError(self.gettext("Not a valid choice."))
            if int(value) not in self.data:
                self.data.append(int(value))

    def pre_validate(self, form):
        pass


class MeetingForm(VersionedForm):
    date = DateField(_l("Date"), validators=[required(_l("Give the date of the meeting."))])
    time = TimeField(_l("Time"), validators=[required(_l("Give the time the meeting starts."))])
    place = StringField(
        _l("Place"),
        filters=[strip_filter],
        validators=[required(_l("Say where the meeting is held.")), max_length(PLACE_MAX)],
        description=_l("A room, or a link to a video meeting."),
    )


class MeetingStatusForm(VersionedForm):
    status = HiddenField()


class ItemEditForm(VersionedForm):
    kind = RadioField(
        _l("Kind of item"),
        choices=options(KIND_LABELS.items()),
        validators=[required(_l("Choose the kind of item."))],
    )
    title = StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[required(_l("Give the item a title.")), max_length(ITEM_TITLE_MAX)],
    )
    case_officer = StringField(
        _l("Case officer (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(CASE_OFFICER_MAX)],
        description=_l("Who prepared the case, for example “Eva Strand, secretary”."),
    )
    background = TextAreaField(
        _l("Background (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(BACKGROUND_MAX)],
        description=_l("What the committee needs to know. Leave a blank line between paragraphs."),
    )
    proposed_decision = TextAreaField(
        _l("Proposed decision (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(PROPOSAL_MAX)],
    )
    issues = IssueIdsField(_l("Issues behind the item"))


class ItemForm(ItemEditForm):
    # Not limited to the choices: the view names the problem (another committee's meeting, …).
    meeting = SelectField(
        _l("Meeting"), coerce=int, validate_choice=False, validators=[required(_l("Choose the meeting."))]
    )


class MoveForm(VersionedForm):
    meeting = SelectField(
        _l("Move to the meeting"),
        coerce=int,
        validate_choice=False,
        validators=[required(_l("Choose the meeting."))],
    )


class DecisionForm(VersionedForm):
    conclusion = RadioField(
        _l("What the committee concluded"),
        choices=options(CONCLUSION_LABELS.items()),
        validators=[required(_l("Choose decision or recommendation."))],
    )
    decision = TextAreaField(
        _l("Text of the decision"),
        filters=[strip_filter],
        validators=[required(_l("Write what the committee concluded.")), max_length(DECISION_MAX)],
        description=_l(
            "Students who raised or support the issues behind the item get this text, in the portal and by e-mail."
        ),
    )


class SendBackForm(VersionedForm):
    note = TextAreaField(
        _l("Note to the campus council and the student"),
        filters=[strip_filter],
        validators=[required(_l("Write why the issue goes back.")), max_length(DESCRIPTION_MAX)],
        description=_l("Shown on the issue's timeline; the author and supporters are told."),
    )
