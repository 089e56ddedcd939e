from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.committee.models import (
    ANSWER_MAX,
    BACKGROUND_MAX,
    CASE_OFFICER_MAX,
    DECISION_MAX,
    EMAIL_MAX,
    ITEM_TITLE_MAX,
    PERSON_NAME_MAX,
    PLACE_MAX,
    PROPOSAL_MAX,
    PROPOSAL_TEXT_MAX,
    REASON_MAX,
    STATEMENT_MAX,
    VIDEO_LINK_MAX,
)
from portal.committee.texts import (
    COMPOSITION_RULE_LABELS,
    CONCLUSION_LABELS,
    KIND_LABELS,
    SEAT_LABELS,
)
from portal.forms import PortalForm, VersionedForm, max_length, options, required, strip_filter, valid_email
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


def web_address(form, field):
    value = (field.data or "").strip()
    if value and not (value.startswith(("https://", "http://")) and " " not in value and len(value) > 10):
        raise ValidationError(_l("Give a web address that starts with https://"))


class MeetingForm(VersionedForm):
    date = DateField(_l("Date"), validators=[required(_l("Give the date of the meeting."))])
    time = TimeField(_l("Time"), validators=[required(_l("Give the time the meeting starts."))])
    place = StringField(
        _l("Place"),
        filters=[strip_filter],
        validators=[required(_l("Say where the meeting is held.")), max_length(PLACE_MAX)],
        description=_l("A room, or a link to a video meeting."),
    )
    video_link = StringField(
        _l("Video link (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(VIDEO_LINK_MAX), web_address],
        description=_l("For those who take part from another campus, for example a Teams or Zoom link."),
    )
    proposal_deadline = DateField(
        _l("Deadline for proposed items (optional)"),
        validators=[Optional()],
        description=_l(
            "Members, campus councils and the student parliament can propose items until the end of this day."
        ),
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


# Members and composition


class MemberForm(PortalForm):
    account_email = StringField(
        _l("E-mail address of the person's account"),
        filters=[strip_filter],
        validators=[Optional(), max_length(EMAIL_MAX), valid_email()],
        description=_l("For someone with an account in the portal. Leave it empty for someone without one."),
    )
    name = StringField(
        _l("Name, for someone without an account"),
        filters=[strip_filter],
        validators=[Optional(), max_length(PERSON_NAME_MAX)],
    )
    contact_email = StringField(
        _l("E-mail address for the notice, for someone without an account (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(EMAIL_MAX), valid_email()],
    )
    seat = RadioField(
        _l("Seat"), choices=options(SEAT_LABELS.items()), validators=[required(_l("Choose the seat."))]
    )
    substitute = BooleanField(_l("Substitute (called in when a member in the same kind of seat cannot come)"))
    rank = IntegerField(
        _l("Order among the substitutes (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=99, message=_l("Give a number from %(min)s to %(max)s.")),
        ],
        description=_l("The substitute with the lowest number is suggested first."),
    )
    term_start = DateField(
        _l("First day of the term"), validators=[required(_l("Give the first day of the term."))]
    )
    term_end = DateField(
        _l("Last day of the term"), validators=[required(_l("Give the last day of the term."))]
    )


class MemberEditForm(VersionedForm):
    seat = MemberForm.seat
    substitute = MemberForm.substitute
    rank = MemberForm.rank
    term_start = MemberForm.term_start
    term_end = MemberForm.term_end
    contact_email = MemberForm.contact_email


class ChairForm(PortalForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            required(_l("Give the year.")),
            NumberRange(min=2000, max=2100, message=_l("Give a year between 2000 and 2100.")),
        ],
    )
    chair = SelectField(
        _l("Chair"), coerce=int, validate_choice=False, validators=[required(_l("Choose the chair."))]
    )
    vice_chair = SelectField(_l("Vice-chair"), coerce=int, validate_choice=False, validators=[Optional()])


class SettingsForm(PortalForm):
    language = RadioField(
        _l("Language of notices, agendas and minutes"),
        choices=options([("nb", "Bokmål"), ("nn", "Nynorsk")]),
        validators=[required(_l("Choose the language."))],
        description=_l("The documents are in this language, whoever exports them."),
    )
    composition_rule = RadioField(
        _l("Composition rule"),
        choices=options(COMPOSITION_RULE_LABELS.items()),
        validators=[required(_l("Choose the rule."))],
    )
    chair_alternates = BooleanField(
        _l("The chair alternates between a student and a staff member every year")
    )


# Notice, absence and attendance


class CampusChoiceField(SelectMultipleField):
    """Campus ids as checkboxes drawn by the template; the view checks each one exists."""

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            if not (value.isdigit() and len(value) < 10):
                raise ValueError(self.gettext("Not a valid choice."))
            if int(value) not in self.data:
                self.data.append(int(value))

    def pre_validate(self, form):
        pass


class PublishForm(VersionedForm):
    campuses = CampusChoiceField(_l("Also tell these campus councils (optional)"))


class AbsenceForm(PortalForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(REASON_MAX)],
        description=_l("Only the secretary sees it."),
    )


class SubstituteForm(PortalForm):
    absent = HiddenField()
    substitute = SelectField(
        _l("Substitute"),
        coerce=int,
        validate_choice=False,
        validators=[required(_l("Choose the substitute."))],
    )


class AttendanceForm(PortalForm):
    minutes_taker = StringField(
        _l("Minute-taker"),
        filters=[strip_filter],
        validators=[required(_l("Say who took the minutes.")), max_length(PERSON_NAME_MAX)],
    )


# Proposals


class ProposalForm(PortalForm):
    source = RadioField(
        _l("On behalf of"),
        validate_choice=False,
        validators=[required(_l("Choose on whose behalf you propose."))],
    )
    title = StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[required(_l("Give the item a title.")), max_length(ITEM_TITLE_MAX)],
    )
    text = TextAreaField(
        _l("What the committee should discuss or decide, and why"),
        filters=[strip_filter],
        validators=[required(_l("Describe the item.")), max_length(PROPOSAL_TEXT_MAX)],
    )
    language = RadioField(
        _l("Language of the text"),
        choices=options([("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]),
        validators=[required(_l("Choose the language of the text."))],
    )


class DeclineForm(VersionedForm):
    answer = TextAreaField(
        _l("Why the item is not put on the agenda"),
        filters=[strip_filter],
        validators=[required(_l("Write why the item is not put on the agenda.")), max_length(ANSWER_MAX)],
        description=_l("The person who proposed it gets this answer."),
    )


# Consultation


class ConsultationForm(PortalForm):
    campuses = CampusChoiceField(_l("Campus councils to ask"))
    deadline = DateField(
        _l("Deadline for the statements"),
        validators=[required(_l("Give the deadline for the statements."))],
        description=_l("Until the end of this day; it must be before the meeting."),
    )


class StatementForm(VersionedForm):
    campus = HiddenField()
    statement = TextAreaField(
        _l("The campus council's statement"),
        filters=[strip_filter],
        validators=[required(_l("Write the statement.")), max_length(STATEMENT_MAX)],
    )
