"""The unit's answer page: no account, the signed link is the key.

It shows the issue's public text only: never who raised it (anonymous or not), never internal
notes. It opens in the unit's language unless the visitor chose another (the language links).
A link that is forged, expired, used or withdrawn gets a translated page saying so.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from portal.errors import refusal_status, refused
from portal.extensions import db
from portal.i18n import LANGUAGE_COOKIE, in_language, language_from_tag, select_locale
from portal.referrals import public_bp
from portal.referrals.forms import AnswerForm
from portal.referrals.loaders import referral_of_link
from portal.referrals.service import ReferralError, referral_answer
from portal.referrals.tokens import LinkProblem

# A forged link is "not found"; one that was real but cannot be used any more is "gone".
PROBLEM_STATUS = {LinkProblem.FORGED: 404}


def _language(referral) -> str:
    chosen = language_from_tag(request.cookies.get(LANGUAGE_COOKIE))
    return chosen or (referral.unit.language if referral is not None else select_locale())


def _private(page: str, status: int = 200):
    """The page holds a key in its address: not cached, not indexed."""
    return page, status, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@public_bp.route("/answer/<token>", methods=["GET", "POST"])
def answer(token: str):
    referral, problem = referral_of_link(token)
    with in_language(_language(referral)):
        if problem is not None or referral is None:
            page = render_template("referrals/link_problem.html", problem=problem)
            return _private(page, PROBLEM_STATUS.get(problem, 410) if problem else 410)
        form = AnswerForm()
        status = 200
        if form.validate_on_submit():
            try:
                referral_answer(referral=referral, answer=form.answer.data)
            except ReferralError as error:
                status = refused(error, form)
                referral, problem = referral_of_link(token)
                if problem is not None or referral is None:
                    page = render_template("referrals/link_problem.html", problem=problem)
                    return _private(page, PROBLEM_STATUS.get(problem, 410) if problem else 410)
            else:
                db.session.commit()
                return redirect(url_for("public_referrals.answered"))
        page = render_template("referrals/answer.html", referral=referral, issue=referral.issue, form=form)
        return _private(page, refusal_status(form, status))


@public_bp.get("/answered")
def answered():
    return _private(render_template("referrals/answered.html"))
