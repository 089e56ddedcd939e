"""The e-mail to a responsible unit: in the unit's language, with its signed answer link.

It carries the issue's public text and the referrer's message only: never who raised it.
"""

from __future__ import annotations

from flask import current_app

from portal.core.navigation import external_url
from portal.i18n import in_language
from portal.notifications.mail import mail_enqueue, render_mail
from portal.referrals.tokens import link_token


def answer_url(referral) -> str:
    return external_url("public_referrals.answer", token=link_token(referral))


def mail_unit(referral) -> None:
    unit = referral.unit
    with in_language(unit.language):
        subject, body = render_mail(
            "referrals/mail/referral.txt",
            referral=referral,
            issue=referral.issue,
            unit=unit,
            url=answer_url(referral),
            institution=current_app.config["INSTITUTION_NAME"],
        )
    mail_enqueue(
        to=unit.email, subject=subject, body=body, language=unit.language, topic=f"referral:{referral.id}"
    )
