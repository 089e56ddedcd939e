from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from portal.authz import ensure
from portal.campuses.models import Campus, Category
from portal.core.http_cache import shared_page
from portal.errors import refused
from portal.extensions import configured_limit, db, limiter
from portal.forms import options
from portal.i18n import current_language
from portal.issues import bp
from portal.issues.authors import is_author, public_author_name
from portal.issues.forms import FlagForm, IssueForm, ListFilterForm, NoteForm
from portal.issues.loaders import active_campus_or_404, authored_issue_or_403, viewable_issue_or_404
from portal.issues.pending import read_pending, sign_pending
from portal.issues.permissions import (
    can_flag,
    can_raise,
    can_see_hidden_text,
    can_see_internal_notes,
    is_campus_leader,
)
from portal.issues.photos import MAX_BYTES, MAX_PHOTOS, PhotoError, photo_path, store_photo
from portal.issues.queries import (
    PER_PAGE,
    SORTS,
    active_campuses,
    active_categories,
    campus_and_category,
    issue_or_404,
    latest_public_notes,
    my_raised,
    my_supported,
    public_issues,
    similar_open_issues,
    supported_ids,
)
from portal.issues.service import (
    IssueError,
    author_unlink,
    flag_add,
    issue_by_submission_token,
    issue_submit,
    issue_transition,
    support_add,
    support_withdraw,
    supportable,
    supports,
)
from portal.issues.translation import machine_translation, translation_target
from portal.issues.workflow import STATUS_LABELS, Actor, Status


def _fill_issue_form(form: IssueForm) -> Sequence[Category]:
    categories = active_categories()
    form.campus.choices = options((c.id, c.name) for c in active_campuses())
    form.category.choices = options((c.id, c.name) for c in categories)
    return categories


def _attach_photos(form: IssueForm) -> list:
    """Process new uploads, add them to those already pending; errors go on the photos field."""
    pending = read_pending(form.pending_photos.data)
    uploads = [f for f in request.files.getlist(form.photos.name) if f and f.filename]
    if len(pending) + len(uploads) > MAX_PHOTOS:
        form.photos.errors.append(_("You can attach at most 3 photos."))
        return pending
    for upload in uploads:
        try:
            pending.append(store_photo(upload.stream.read(MAX_BYTES + 1)))
        except PhotoError as error:
            error.params["name"] = (upload.filename or "")[:80]
            form.photos.errors.append(error.message)
    return pending


@bp.route("/issues/new", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_SUBMIT"), methods=["POST"])
def new_issue():
    ensure(can_raise(current_user))
    form = IssueForm()
    categories = _fill_issue_form(form)
    if request.method == "GET":
        form.campus.data = current_user.home_campus_id
        form.language.data = current_language()
        form.submission_token.data = secrets.token_urlsafe(24)
        if request.args.get("category", "").isdigit():
            form.category.data = int(request.args["category"])
    similar, pending = [], read_pending(form.pending_photos.data)
    if form.is_submitted():
        valid = form.validate()
        pending = _attach_photos(form)
        form.pending_photos.data = sign_pending(pending)
        if valid and not form.photos.errors:
            already = issue_by_submission_token(form.submission_token.data, current_user)
            if already is not None:
                return redirect(url_for("issues.submitted", reference=already.reference))
            campus, category = campus_and_category(form.campus.data, form.category.data)
            if (
                request.form.get("action") != "submit"
                and not form.similar_seen.data
                and category.slug != "psychosocial"
            ):
                similar = similar_open_issues(
                    campus_id=campus.id, text=f"{form.title.data} {form.description.data}"
                )
            if not similar:
                return _submit(form, campus, category, pending)
    return render_template(
        "issues/new.html", form=form, categories=categories, similar=similar, pending=pending
    )


def _submit(form: IssueForm, campus: Campus, category: Category, pending: list):
    try:
        issue = issue_submit(
            author=current_user,
            campus=campus,
            category=category,
            title=form.title.data,
            description=form.description.data,
            language=form.language.data,
            anonymous=form.anonymous.data,
            photos=pending,
            submission_token=form.submission_token.data or None,
        )
        db.session.commit()
    except IssueError as error:
        status = refused(error, form)
        return render_template(
            "issues/new.html", form=form, categories=active_categories(), similar=[], pending=pending
        ), status
    except IntegrityError:
        # The same form sent twice at once: the other request made the issue.
        db.session.rollback()
        made = issue_by_submission_token(form.submission_token.data, current_user)
        if made is None:
            raise
        issue = made
    return redirect(url_for("issues.submitted", reference=issue.reference))


@bp.get("/issues/similar")
@login_required
def similar():
    """HTML fragment for the form's live "already raised?" box (JavaScript only)."""
    campus_id = request.args.get("campus", type=int)
    text = (request.args.get("text") or "")[:5200]
    issues = similar_open_issues(campus_id=campus_id, text=text) if campus_id and text.strip() else []
    return render_template("issues/_similar.html", similar=issues)


@bp.get("/issues/<reference>/submitted")
@login_required
def submitted(reference: str):
    issue = authored_issue_or_403(reference)
    return render_template("issues/submitted.html", issue=issue)


@bp.get("/issues/<reference>")
def detail(reference: str):
    return _render_detail(viewable_issue_or_404(reference))


def _render_detail(issue, flag_form: FlagForm | None = None, status: int = 200):
    author = is_author(current_user, issue)
    events = [e for e in issue.events]
    offer = translation_target(issue, current_language())
    wanted = offer is not None and request.args.get("translate") == offer
    return render_template(
        "issues/detail.html",
        issue=issue,
        translation_offer=offer,
        translation=machine_translation(issue, offer) if wanted and offer else None,
        translation_asked=wanted,
        events=events,
        is_author=author,
        author_name=public_author_name(issue),
        supporting=supports(current_user, issue),
        supportable=supportable(issue),
        show_internal=can_see_internal_notes(current_user, issue),
        show_hidden_text=can_see_hidden_text(current_user, issue),
        is_leader=is_campus_leader(current_user, issue),
        can_flag=can_flag(current_user) and not author,
        flag_form=flag_form or FlagForm(prefix="flag"),
        answer_form=NoteForm(prefix="answer", version=issue.version)
        if author and issue.status == Status.NEEDS_INFO
        else None,
    ), status


def _back_to(issue):
    return redirect(url_for("issues.detail", reference=issue.reference))


@bp.post("/issues/<reference>/support")
@login_required
def support(reference: str):
    issue = viewable_issue_or_404(reference)
    try:
        added = support_add(issue=issue, user=current_user)
    except IssueError as error:
        refused(error)
        return _back_to(issue)
    db.session.commit()
    flash(_("You support this issue.") if added else _("You already support this issue."), "success")
    return _back_to(issue)


@bp.post("/issues/<reference>/withdraw")
@login_required
def withdraw(reference: str):
    issue = viewable_issue_or_404(reference)
    support_withdraw(issue=issue, user=current_user)
    db.session.commit()
    flash(_("You no longer support this issue."), "success")
    return _back_to(issue)


@bp.post("/issues/<reference>/flag")
@login_required
def flag(reference: str):
    issue = viewable_issue_or_404(reference)
    ensure(can_flag(current_user))
    form = FlagForm(prefix="flag")
    if not form.validate():
        return _render_detail(issue, flag_form=form, status=400)
    try:
        flag_add(issue=issue, user=current_user, reason=form.reason.data)
    except IssueError as error:
        refused(error)
        return _back_to(issue)
    db.session.commit()
    flash(_("Thank you. The campus council will look at it."), "success")
    return _back_to(issue)


@bp.post("/issues/<reference>/unlink")
@login_required
def unlink(reference: str):
    issue = issue_or_404(reference)
    try:
        author_unlink(issue=issue, user=current_user)
    except IssueError:
        abort(403)
    db.session.commit()
    flash(_("The link between you and the issue is cut. You will get no more updates about it."), "success")
    return redirect(url_for("issues.mine"))


@bp.post("/issues/<reference>/answer")
@login_required
def answer(reference: str):
    issue = authored_issue_or_403(reference)
    form = NoteForm(prefix="answer")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back_to(issue)
    try:
        issue_transition(
            issue=issue,
            action="answer",
            actor_user=current_user,
            actor=Actor.AUTHOR,
            public_note=form.text.data,
            expected_version=form.expected_version,
        )
    except IssueError as error:
        refused(error)
        return _back_to(issue)
    db.session.commit()
    flash(_("Thank you. Your answer has been sent to the campus council."), "success")
    return _back_to(issue)


@bp.get("/issues/<reference>/photos/<int:photo_id>")
def photo(reference: str, photo_id: int):
    issue = viewable_issue_or_404(reference)
    if issue.hidden and not can_see_hidden_text(current_user, issue):
        abort(404)
    chosen = next((p for p in issue.photos if p.id == photo_id), None)
    if chosen is None or not photo_path(chosen.filename).exists():
        abort(404)
    # No Last-Modified or ETag: the file's time is when the issue was raised, to the second.
    response = send_file(
        photo_path(chosen.filename), mimetype=chosen.content_type, conditional=False, etag=False, max_age=0
    )
    response.headers.pop("Last-Modified", None)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/my-issues")
@login_required
def mine():
    pages = {
        name: db.paginate(
            select, page=request.args.get(name, 1, type=int), per_page=PER_PAGE, error_out=False
        )
        for name, select in (("raised", my_raised(current_user)), ("supported", my_supported(current_user)))
    }
    shown = [issue.id for page in pages.values() for issue in page.items]
    return render_template("issues/mine.html", notes=latest_public_notes(shown), **pages)


@bp.get("/issues/")
@shared_page
def choose_campus():
    if current_user.is_authenticated and current_user.home_campus is not None:
        return redirect(url_for("issues.campus_list", code=current_user.home_campus.code))
    return render_template("issues/choose_campus.html", campuses=active_campuses())


@bp.get("/campus/<code>/issues")
@shared_page
def campus_list(code: str):
    campus = active_campus_or_404(code)
    form = ListFilterForm(request.args)
    categories = active_categories()
    form.category.choices = options([(0, _("All categories"))] + [(c.id, c.name) for c in categories])
    form.status.choices = options(
        [("", _("All open issues"))]
        + [(s.value, str(STATUS_LABELS[s])) for s in Status if s != Status.MERGED]
    )
    form.sort.choices = options([("newest", _("Newest first")), ("supported", _("Most supported first"))])
    if not form.validate():
        # Unknown filter values are ignored rather than shown as errors on a list.
        for name in ("category", "status", "sort", "q"):
            if form[name].errors:
                form[name].data = form[name].default
                form[name].errors = []
    select = public_issues(
        campus=campus,
        category_id=form.category.data or None,
        status=form.status.data or None,
        text=form.q.data or "",
        sort=form.sort.data if form.sort.data in SORTS else "newest",
    )
    page = db.paginate(select, per_page=PER_PAGE, error_out=False)
    supported = supported_ids(current_user, [i.id for i in page.items])
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "issues/campus_list.html",
        campus=campus,
        campuses=active_campuses(),
        form=form,
        page=page,
        supported=supported,
        list_args=args,
    )
