"""The committee's pages, split by audience (as Indico splits a module's controllers):

- overview: the committee page, the escalated inbox and the issues sent to the committee;
- meetings: creating, changing and moving a meeting through its statuses;
- items: agenda items, their order, moves and decisions;
- exports: the notice and agenda and the minutes as print view, PDF/A and DOCX;
- members: members, chairs and the composition rule;
- attendance: publishing the notice, absence, substitutes, attendance in the minutes;
- proposals: agenda items proposed by members, campus councils and the student parliament;
- consultations: items sent to campus councils for a statement;
- councils: the page where campus councils and members propose and answer;
- public: "You said, we did", for everyone.

Every route under /committee/ needs an account; each one loads what it works on through a
loader in portal.committee.loaders that also checks the permission.
"""

from flask_login import login_required

from portal.committee import bp


@bp.before_request
@login_required
def _signed_in_only():
    pass


from portal.committee.views import (  # noqa: E402, F401 - routes
    attendance,
    consultations,
    councils,
    exports,
    items,
    meetings,
    members,
    overview,
    proposals,
    public,
)
