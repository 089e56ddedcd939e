"""Telling people about the committee's work: the notice and agenda, a call to stand in as
substitute, a consultation, the answer to a proposal; and the secretaries about absences and
new proposals. In the portal always, by e-mail when the person wants that kind (their e-mail
settings), each in their own language. Members named without an account get the notice by
e-mail, in the committee's language.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.authz import Role
from portal.core.navigation import external_url
from portal.i18n import current_language, in_language
from portal.notifications.kinds import register_kind
from portal.notifications.mail import mail_enqueue, render_mail
from portal.notifications.service import notify


def _committee_name(p: dict) -> str:
    names = p.get("committee") or {}
    return names.get(current_language()) or names.get("nb") or ""


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return _("%(date)s at %(time)s", date=format_date(moment, "long"), time=format_time(moment, "short"))


def _day(value: str | None) -> str:
    return format_date(datetime.fromisoformat(value), "long") if value else ""


def _in_committee(user) -> bool:
    return bool(user.committee_ids()) or user.has_role(Role.CAMPUS_LEADER)


def _secretary(user) -> bool:
    return bool(user.committee_ids(Role.SECRETARY))


register_kind(
    "committee_notice",
    label=_l("the committee publishes the notice and agenda of a meeting I am summoned to or told of"),
    render=lambda p: _(
        "Notice and agenda: %(committee)s meets %(when)s", committee=_committee_name(p), when=_when(p["when"])
    ),
    audience=_in_committee,
)
register_kind(
    "committee_substitute",
    label=_l("I am called in as a substitute to a meeting"),
    render=lambda p: _(
        "You are called in as a substitute to the meeting of %(committee)s %(when)s",
        committee=_committee_name(p),
        when=_when(p["when"]),
    ),
    audience=_in_committee,
)
register_kind(
    "committee_consultation",
    label=_l("the committee asks my campus council for a statement"),
    render=lambda p: _(
        "%(committee)s asks your campus council for a statement on case %(case)s by %(deadline)s",
        committee=_committee_name(p),
        case=p["case"],
        deadline=_day(p["deadline"]),
    ),
    audience=lambda user: user.has_role(Role.CAMPUS_LEADER),
)
register_kind(
    "committee_proposal_answered",
    label=_l("the secretary answers an agenda item I proposed"),
    render=lambda p: (
        _(
            "Your proposal “%(title)s” is on the agenda of the meeting %(when)s",
            title=p["title"],
            when=_when(p["when"]),
        )
        if p.get("accepted")
        else _(
            "Your proposal “%(title)s” is not on the agenda: read the secretary's answer", title=p["title"]
        )
    ),
    audience=_in_committee,
)
register_kind(
    "committee_absence",
    label=_l("a member reports absence from a meeting (secretaries)"),
    render=lambda p: _(
        "%(name)s has reported absence from the meeting %(when)s", name=p["name"], when=_when(p["when"])
    ),
    audience=_secretary,
)
register_kind(
    "committee_proposal",
    label=_l("someone proposes an agenda item (secretaries)"),
    render=lambda p: _(
        "New proposal for the meeting %(when)s: “%(title)s”", title=p["title"], when=_when(p["when"])
    ),
    audience=_secretary,
)


def _meeting_params(meeting) -> dict:
    committee = meeting.committee
    return {
        "committee": {code: committee.name_in(code) for code in ("nb", "nn", "en")},
        "when": meeting.starts_at.isoformat(),
        "meeting_id": meeting.id,
    }


def _meeting_link(meeting, anchor: str | None = None) -> tuple[str, dict]:
    args = {"code": meeting.committee.code, "meeting_id": meeting.id}
    if anchor:
        args["_anchor"] = anchor
    return ("committee.meeting_page", args)


def _settings_url() -> str:
    return external_url("notifications.settings")


def tell_notice(*, meeting, users, named, councils, institution: str, secretary: str) -> int:
    """The notice and agenda to those summoned (accounts and named members with an e-mail
    address) and to the campus councils chosen. Returns how many people were told."""
    params = _meeting_params(meeting)
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "institution": institution,
        "secretary": secretary,
        "settings_url": _settings_url(),
    }
    told = 0
    seen: set[int] = set()
    for user, relation in [*((u, "summoned") for u in users), *((u, "council") for u in councils)]:
        if user.id in seen:
            continue
        seen.add(user.id)
        if relation == "summoned":
            url = external_url("committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id)
            link = _meeting_link(meeting)
        else:
            url = external_url("committee.contribute", code=meeting.committee.code)
            link = ("committee.contribute", {"code": meeting.committee.code})
        if notify(
            user=user,
            kind="committee_notice",
            params=params,
            link=link,
            mail_template="committee/mail/notice.txt",
            mail_context={**context, "relation": relation, "url": url, "has_account": True},
        ):
            told += 1
    language = meeting.committee.language
    for member in named:
        if not member.email:
            continue
        with in_language(language):
            subject, body = render_mail(
                "committee/mail/notice.txt",
                recipient=member,
                relation="summoned",
                url=None,
                has_account=False,
                **{**context, "settings_url": None},
            )
        mail_enqueue(to=member.email, subject=subject, body=body, language=language)
        told += 1
    return told


def tell_substitute(*, meeting, member, absent, institution: str) -> None:
    """A substitute called in: in the portal and by e-mail, or by e-mail when named without an account."""
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "absent": absent,
        "institution": institution,
        "settings_url": _settings_url(),
    }
    if member.user is not None:
        notify(
            user=member.user,
            kind="committee_substitute",
            params=_meeting_params(meeting),
            link=_meeting_link(meeting),
            mail_template="committee/mail/substitute.txt",
            mail_context={
                **context,
                "url": external_url(
                    "committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id
                ),
            },
        )
    elif member.email:
        language = meeting.committee.language
        with in_language(language):
            subject, body = render_mail(
                "committee/mail/substitute.txt",
                recipient=member,
                url=None,
                **{**context, "settings_url": None},
            )
        mail_enqueue(to=member.email, subject=subject, body=body, language=language)


def tell_absence(*, meeting, member, reason: str | None, secretaries) -> None:
    params = {**_meeting_params(meeting), "name": member.name}
    for secretary in secretaries:
        notify(
            user=secretary,
            kind="committee_absence",
            params=params,
            link=_meeting_link(meeting, "summoned"),
            mail_template="committee/mail/absence.txt",
            mail_context={
                "meeting": meeting,
                "member": member,
                "reason": reason,
                "url": external_url(
                    "committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id
                ),
                "settings_url": _settings_url(),
            },
        )


def tell_consultation(*, consultation, leaders) -> None:
    item = consultation.item
    meeting = item.meeting
    params = {
        **_meeting_params(meeting),
        "case": item.case_number,
        "deadline": consultation.deadline.isoformat(),
        "item_id": item.id,
    }
    for leader in leaders:
        notify(
            user=leader,
            kind="committee_consultation",
            params=params,
            link=("committee.statement", {"code": meeting.committee.code, "item_id": item.id}),
            mail_template="committee/mail/consultation.txt",
            mail_context={
                "consultation": consultation,
                "item": item,
                "meeting": meeting,
                "url": external_url("committee.statement", code=meeting.committee.code, item_id=item.id),
                "settings_url": _settings_url(),
            },
        )


def tell_proposal(*, proposal, secretaries) -> None:
    meeting = proposal.meeting
    params = {**_meeting_params(meeting), "title": proposal.title, "proposal_id": proposal.id}
    for secretary in secretaries:
        notify(
            user=secretary,
            kind="committee_proposal",
            params=params,
            link=("committee.proposal_page", {"code": meeting.committee.code, "proposal_id": proposal.id}),
            mail_template="committee/mail/proposal.txt",
            mail_context={
                "proposal": proposal,
                "meeting": meeting,
                "url": external_url(
                    "committee.proposal_page", code=meeting.committee.code, proposal_id=proposal.id
                ),
                "settings_url": _settings_url(),
            },
        )


def tell_proposal_answered(*, proposal, proposer) -> None:
    meeting = proposal.meeting
    accepted = proposal.item_id is not None
    params = {
        **_meeting_params(meeting),
        "title": proposal.title,
        "accepted": accepted,
        "proposal_id": proposal.id,
    }
    notify(
        user=proposer,
        kind="committee_proposal_answered",
        params=params,
        link=("committee.proposal_page", {"code": meeting.committee.code, "proposal_id": proposal.id}),
        mail_template="committee/mail/proposal_answered.txt",
        mail_context={
            "proposal": proposal,
            "meeting": meeting,
            "accepted": accepted,
            "url": external_url(
                "committee.proposal_page", code=meeting.committee.code, proposal_id=proposal.id
            ),
            "settings_url": _settings_url(),
        },
    )
