"""Results of a round: the page (charts, each with its table) and its CSV, PDF and JSON.

Owners and the committee read them during and after the round; every signed-in person once
the owner has published them. Free text is for the owners only.
"""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template
from flask_login import current_user

from portal.audit.service import audit_record
from portal.db import utcnow
from portal.extensions import db
from portal.surveys import bp
from portal.surveys.exports import (
    file_stem,
    hidden_text,
    question_chart,
    results_csv,
    results_json,
    results_pdf,
)
from portal.surveys.live import live_aggregates
from portal.surveys.permissions import can_read_free_text, can_read_results, is_owner
from portal.surveys.queries import round_or_404
from portal.surveys.results import round_results


def _readable(round_id: int):
    survey_round = round_or_404(round_id)
    status = survey_round.status_at(utcnow())
    return survey_round, status, can_read_results(current_user, survey_round, status)


def _results(survey_round, *, with_texts: bool = False):
    """While the round is open, from its stored step (portal.surveys.live), which this may
    move: the caller commits."""
    return round_results(survey_round, with_texts=with_texts, aggregates=live_aggregates(survey_round))


def _download(survey_round, body: bytes, mimetype: str, extension: str, results) -> Response:
    if is_owner(current_user, survey_round) or survey_round.published_at is None:
        audit_record(
            actor=current_user,
            action="survey.results.export",
            target_type="survey_round",
            target_id=survey_round.id,
            after={"format": extension},
        )
    db.session.commit()
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{file_stem(results)}.{extension}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<int:round_id>/results")
def results(round_id: int):
    survey_round, status, visible = _readable(round_id)
    if not visible:
        return render_template("surveys/results_hidden.html", round=survey_round, status=status)
    data = _results(survey_round, with_texts=can_read_free_text(current_user, survey_round))
    db.session.commit()
    return render_template(
        "surveys/results.html",
        round=survey_round,
        status=status,
        results=data,
        charts={r.question.id: question_chart(r) for r in data.questions},
        owner=is_owner(current_user, survey_round),
        hidden_text=hidden_text,
    )


@bp.get("/<int:round_id>/results.csv")
def results_as_csv(round_id: int):
    survey_round, _status, visible = _readable(round_id)
    if not visible:
        abort(404)
    data = _results(survey_round)
    return _download(survey_round, results_csv(data), "text/csv", "csv", data)


@bp.get("/<int:round_id>/results.pdf")
def results_as_pdf(round_id: int):
    survey_round, _status, visible = _readable(round_id)
    if not visible:
        abort(404)
    data = _results(survey_round)
    return _download(survey_round, results_pdf(data), "application/pdf", "pdf", data)


@bp.get("/<int:round_id>/results.json")
def results_as_json(round_id: int):
    survey_round, _status, visible = _readable(round_id)
    if not visible:
        return jsonify({"error": "not-published"}), 404
    data = _results(survey_round)
    db.session.commit()
    return jsonify(results_json(data))
