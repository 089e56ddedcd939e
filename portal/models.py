"""Imports every domain's models, so SQLAlchemy and Alembic see the whole schema.

One line per domain.
"""

# ruff: noqa: F401
from portal.accounts.models import RoleGrant, User
from portal.audit.models import AuditEvent
from portal.campuses.models import Campus, Category
from portal.committee.models import (
    AgendaItem,
    AgendaItemIssue,
    Committee,
    CommitteeChair,
    CommitteeMember,
    Consultation,
    ItemProposal,
    Meeting,
    MeetingAttendance,
    MinutesApproval,
)
from portal.core.counters import Counter
from portal.issues.models import Flag, Issue, IssueAuthor, IssueEvent, IssuePhoto, Support
from portal.measures.models import Measure, MeasureIssue, MeasureUpdate
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.referrals.models import Referral, ResponsibleUnit
from portal.reports.models import BoardReport
from portal.secrecy.models import SecretSeal
from portal.surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyReminder,
    SurveyResponse,
    SurveyRoll,
    SurveyRound,
    SurveyRoundCampus,
    SurveyVersion,
)
from portal.voting.models import Ballot, BallotChoice, FocusProposal, VoterRoll, VotingRound
