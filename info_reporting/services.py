"""State transitions of 政务信息报送, each one: check → transition → side effects, in one
transaction, refusing with a Chinese reason (``TransitionError``) before anything is changed.

States (info_reporting.md §2): 草稿 → 已报送 → 退回修改 → (修改后) 已报送 → 已采用 / 未采用;
已报送 → 已撤回 (the unit withdraws before the editor acts). Adoption is a list of records;
further adoptions, forwardings (上报上级) and 批示 keep the item 已采用.

Wagtail's workflow is the engine underneath: submitting starts (or resumes) the item's workflow,
returning rejects the task (the comment stays in the workflow history), adopting approves it
(which publishes the item inside the login-restricted section), not adopting cancels it.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from info_reporting import access
from info_reporting.issues import IssueNumberError, check_number, check_removal, next_number
from info_reporting.rule_sets import LEVEL_LABELS


class TransitionError(ValueError):
    """A refused action; the message (Chinese) says why and what to do."""


# --------------------------------------------------------------------------
# helpers


def _models():
    from info_reporting import models

    return models


def _fresh(item):
    """The item re-read inside the transaction (row-locked where the database supports it)."""
    m = _models()
    return m.InfoReportPage.objects.select_for_update().get(pk=item.pk)


def _status_label(status):
    return dict(_models().STATUS_CHOICES).get(status, status)


def _set_state(item, **fields):
    """Write state fields straight to the row (they are not part of revisions)."""
    m = _models()
    m.InfoReportPage.objects.filter(pk=item.pk).update(**fields)
    for key, value in fields.items():
        setattr(item, key, value)


def _event(item, action, actor, from_status="", to_status="", comment=""):
    return _models().ItemEvent.objects.create(
        item_id=item.pk, action=action, actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status, to_status=to_status, comment=comment,
    )


def _require_editor(user, what):
    if not access.is_info_editor(user):
        raise TransitionError(f"只有信息科编辑（编辑、审核人）可以{what}")


def _as_date(value):
    if value is None or value == "":
        return timezone.localdate()
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise TransitionError(f"日期“{value}”无效，应为 YYYY-MM-DD") from None


def _levels(codes):
    m = _models()
    codes = [c for c in dict.fromkeys(codes or []) if c]
    if not codes:
        raise TransitionError("请至少选择一个采用级别")
    found = {lvl.code: lvl for lvl in m.AdoptionLevel.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise TransitionError(f"采用级别“{'、'.join(missing)}”不存在，请在“采用级别”中配置")
    inactive = [found[c].name for c in codes if not found[c].is_active]
    if inactive:
        raise TransitionError(f"采用级别“{'、'.join(inactive)}”已停用，不能再记录")
    return [found[c] for c in codes]


def check_levels_priced(codes, date):
    """Every level must be priced by the scoring rule set of the event's year, so that scores
    can always be computed from the records."""
    m = _models()
    levels = _levels(codes)
    date = _as_date(date)
    rule_set = m.ScoringRuleSet.objects.filter(year=date.year).first()
    if rule_set is None:
        raise TransitionError(f"没有{date.year}年度的计分规则，请先在“计分规则”中建立（可复制上一年度规则）")
    priced = set(rule_set.level_points.values_list("level_id", flat=True))
    unpriced = [lvl.name for lvl in levels if lvl.pk not in priced]
    if unpriced:
        raise TransitionError(
            f"{date.year}年度计分规则没有“{'、'.join(unpriced)}”的分值，请先在计分规则中配置（不计分填 0）"
        )
    return levels


def _task_state(item):
    """The item's in-progress adoption task state, or None."""
    state = item.current_workflow_task_state
    if state is None:
        return None
    from info_reporting.models import InfoAdoptionTask

    if not isinstance(state.task.specific, InfoAdoptionTask):
        return None
    return state.specific


# --------------------------------------------------------------------------
# submission


def _check_own_unit(item, user, what="报送"):
    own = access.reporter_unit(user)
    if own is None:
        raise TransitionError(f"您不是报送员或尚未设置所属单位，不能{what}信息")
    if item.reporting_unit_id != own.pk:
        raise TransitionError(f"只能为本单位（{own.name}）{what}信息，不能代“{item.reporting_unit.name}”{what}")
    return own


def _check_complete(item):
    if not (item.writer or "").strip() or not (item.contact or "").strip():
        raise TransitionError("每条信息须注明执笔人和联系电话")


def _is_signer_of(user, item):
    unit = access.signer_unit(user)
    return unit is not None and unit.pk == item.reporting_unit_id


def check_submit(item, user):
    m = _models()
    if item.status not in (m.STATUS_DRAFT, m.STATUS_RETURNED, m.STATUS_AWAITING_SIGNOFF):
        raise TransitionError(f"该信息当前状态为“{_status_label(item.status)}”，不能报送")
    if not access.is_info_editor(user):
        _check_own_unit(item, user)
        if access.signoff_required(item.reporting_unit) and not _is_signer_of(user, item):
            if item.status == m.STATUS_AWAITING_SIGNOFF:
                raise TransitionError("该信息正在等待本单位审签人审签，审签通过后自动报送")
            raise TransitionError("本单位的信息须经审签人（主要负责人或其授权人）审签后才能报送，请先“送审签”")
    _check_complete(item)


# --------------------------------------------------------------------------
# 审签 (sign-off by the unit's head before an item leaves the unit)


@transaction.atomic
def send_for_signoff(item, user):
    """草稿 / 退回修改 → 待审签: the reporter sends the item to the unit's 审签人."""
    m = _models()
    item = _fresh(item)
    _check_own_unit(item, user, "送审签")
    if item.status not in (m.STATUS_DRAFT, m.STATUS_RETURNED):
        raise TransitionError(f"只有草稿或退回修改的信息才能送审签（当前状态：{_status_label(item.status)}）")
    if not access.signoff_required(item.reporting_unit):
        raise TransitionError("本单位尚未在系统中设置审签人，请直接报送，并在“审签人”一栏填写纸质审签的负责人")
    _check_complete(item)
    before = item.status
    _set_state(item, status=m.STATUS_AWAITING_SIGNOFF, signed_off_by=None, signed_off_at=None)
    _event(item, "send_signoff", user, before, m.STATUS_AWAITING_SIGNOFF)
    from info_reporting.notifications import notify_signers

    transaction.on_commit(lambda: notify_signers(item))
    return item


def _require_signer(item, user):
    m = _models()
    if not _is_signer_of(user, item):
        raise TransitionError("只有本单位的审签人（主要负责人或其授权人）可以审签本单位的信息")
    if item.status != m.STATUS_AWAITING_SIGNOFF:
        raise TransitionError(f"只有待审签的信息才能审签（当前状态：{_status_label(item.status)}）")


@transaction.atomic
def sign_off(item, user, comment=""):
    """审签通过: recorded with the signer and time, then the item is submitted (已报送)."""
    m = _models()
    item = _fresh(item)
    _require_signer(item, user)
    _check_complete(item)
    _set_state(item, signed_off_by=user, signed_off_at=timezone.now())
    name = user.get_full_name() or user.username
    _event(item, "signoff", user, m.STATUS_AWAITING_SIGNOFF, m.STATUS_AWAITING_SIGNOFF,
           f"审签人：{name}" + (f"。{comment}" if comment else ""))
    return submit(item, user)


@transaction.atomic
def refuse_signoff(item, user, comment):
    """审签退回: back to the reporter as a draft; a comment is required."""
    m = _models()
    item = _fresh(item)
    _require_signer(item, user)
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("审签退回必须填写意见，说明需要修改的内容")
    _set_state(item, status=m.STATUS_DRAFT)
    _event(item, "refuse_signoff", user, m.STATUS_AWAITING_SIGNOFF, m.STATUS_DRAFT, comment)
    from info_reporting.notifications import notify_unit

    transaction.on_commit(lambda: notify_unit(item, "审签退回", comment))
    return item


@transaction.atomic
def submit(item, user):
    """Submit (or resubmit after a return) through the item's Wagtail workflow."""
    item = _fresh(item)
    check_submit(item, user)
    if item.get_latest_revision() is None:
        item.save_revision(user=user)
    state = item.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)  # → task_submitted → record_submission
    else:
        workflow = item.get_workflow()
        if workflow is None:
            raise TransitionError("尚未配置信息采用流程，请运行 setup_info_reporting")
        workflow.start(item, user)
    item.refresh_from_db()
    return item


@transaction.atomic
def record_submission(item, user):
    """The transition itself (run when the adoption task starts, from the signal handler)."""
    m = _models()
    item = _fresh(item)
    check_submit(item, user)
    before = item.status
    state = {"status": m.STATUS_SUBMITTED, "submitted_at": timezone.now(), "decided_at": None}
    if _is_signer_of(user, item) and item.signed_off_by_id is None:
        state.update(signed_off_by=user, signed_off_at=timezone.now())  # the head submits it directly
    _set_state(item, **state)
    resubmit = before == m.STATUS_RETURNED or m.ItemEvent.objects.filter(item_id=item.pk, action="return").exists()
    _event(item, "resubmit" if resubmit else "submit", user, before, m.STATUS_SUBMITTED)
    if item.is_urgent:
        from info_reporting.notifications import notify_urgent

        transaction.on_commit(lambda: notify_urgent(item))
    return item


@transaction.atomic
def record_withdrawal(item, user):
    m = _models()
    item = _fresh(item)
    if item.status != m.STATUS_SUBMITTED:
        return item
    _set_state(item, status=m.STATUS_WITHDRAWN, decided_at=timezone.now())
    _event(item, "withdraw", user, m.STATUS_SUBMITTED, m.STATUS_WITHDRAWN)
    return item


@transaction.atomic
def withdraw(item, user):
    """The unit withdraws an item the editor has not acted on yet (terminal)."""
    m = _models()
    item = _fresh(item)
    if not access.can_change_item(user, item) or (
        not access.is_info_editor(user) and access.reporter_unit(user) is None
    ):
        raise TransitionError("只能撤回本单位报送的信息")
    if item.status != m.STATUS_SUBMITTED:
        raise TransitionError(f"只有已报送、信息科尚未处理的信息才能撤回（当前状态：{_status_label(item.status)}）")
    item = record_withdrawal(item, user)
    state = item.current_workflow_state
    if state is not None and state.is_active:
        state.cancel(user=user)
    return item


# --------------------------------------------------------------------------
# editor decisions


@transaction.atomic
def return_item(item, user, comment):
    m = _models()
    _require_editor(user, "退回信息")
    item = _fresh(item)
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("退回必须填写意见，说明需要修改的内容")
    if item.status != m.STATUS_SUBMITTED:
        raise TransitionError(f"只有已报送、待处理的信息才能退回（当前状态：{_status_label(item.status)}）")
    state = _task_state(item)
    _set_state(item, status=m.STATUS_RETURNED, decided_at=timezone.now())
    _event(item, "return", user, m.STATUS_SUBMITTED, m.STATUS_RETURNED, comment)
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        state.reject(user=user, comment=comment)
    from info_reporting.notifications import notify_unit

    transaction.on_commit(lambda: notify_unit(item, "退回修改", comment))
    return item


def _create_adoptions(item, user, levels, date, form, edited_title, via_office, note=""):
    m = _models()
    records = []
    for level in levels:
        if level.is_forwarding and m.AdoptionRecord.objects.filter(item_id=item.pk, level=level).exists():
            raise TransitionError(f"该信息已“{level.name}”，不能重复上报")
        if not level.is_forwarding and m.AdoptionRecord.objects.filter(item_id=item.pk, level=level).exists():
            raise TransitionError(f"该信息已有“{level.name}”采用记录，不能重复记录同一级别")
        records.append(m.AdoptionRecord.objects.create(
            item_id=item.pk, level=level, date=date, form=form or "full", edited_title=edited_title or "",
            via_office=bool(via_office) and not level.is_forwarding, note=note, recorded_by=user,
        ))
    return records


def _describe(levels):
    return "、".join(lvl.name for lvl in levels)


@transaction.atomic
def adopt(item, user, level_codes, date=None, form="full", edited_title="", comment="", via_office=False):
    """Adopt a submitted item at one or more levels; approves the workflow task (publishing the
    item inside the restricted section)."""
    m = _models()
    _require_editor(user, "采用信息")
    item = _fresh(item)
    if item.status == m.STATUS_RETURNED:
        raise TransitionError("该信息已退回修改，须由报送单位修改并重新报送后才能采用")
    if item.status == m.STATUS_ADOPTED:
        raise TransitionError("该信息已采用；如需在其他级别采用，请使用“追加采用”")
    if item.status != m.STATUS_SUBMITTED:
        raise TransitionError(f"只有已报送的信息才能采用（当前状态：{_status_label(item.status)}）")
    date = _as_date(date)
    levels = check_levels_priced(level_codes, date)
    if all(lvl.is_forwarding for lvl in levels):
        raise TransitionError("采用时至少选择一个采用级别（上报上级可与采用一并记录，或在采用后追加）")
    _create_adoptions(item, user, levels, date, form, edited_title, via_office)
    _set_state(item, status=m.STATUS_ADOPTED, decided_at=timezone.now())
    text = f"采用级别：{_describe(levels)}" + (f"。{comment}" if comment else "")
    _event(item, "adopt", user, m.STATUS_SUBMITTED, m.STATUS_ADOPTED, text)
    state = _task_state(item)
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        state.approve(user=user, comment=text)
    else:
        revision = item.get_latest_revision() or item.save_revision(user=user)
        revision.publish(user=user)
    item.refresh_from_db()
    return item


@transaction.atomic
def add_adoptions(item, user, level_codes, date=None, form="full", edited_title="", via_office=False, note=""):
    """Further adoptions or forwardings (上报上级, 上级采用, 国办采用 …) of an adopted item."""
    m = _models()
    _require_editor(user, "追加采用")
    item = _fresh(item)
    if item.status == m.STATUS_RETURNED:
        raise TransitionError("该信息已退回修改，须由报送单位修改并重新报送后才能采用")
    if item.status != m.STATUS_ADOPTED:
        raise TransitionError(
            f"只有已采用的信息才能追加采用或上报（当前状态：{_status_label(item.status)}）；首次采用请在审核中选择“采用”"
        )
    date = _as_date(date)
    levels = check_levels_priced(level_codes, date)
    _create_adoptions(item, user, levels, date, form, edited_title, via_office, note)
    forwarding = all(lvl.is_forwarding for lvl in levels)
    _event(item, "forward" if forwarding else "add_adoption", user, m.STATUS_ADOPTED, m.STATUS_ADOPTED,
           f"{'上报' if forwarding else '采用级别'}：{_describe(levels)}" + (f"。{note}" if note else ""))
    return item


@transaction.atomic
def record_instruction(item, user, leader, leader_level, date=None, text="", on_level_code=None, feedback_due=None):
    m = _models()
    _require_editor(user, "记录领导批示")
    item = _fresh(item)
    if item.status != m.STATUS_ADOPTED:
        raise TransitionError(f"批示只能记录在已采用的信息上（当前状态：{_status_label(item.status)}）")
    if leader_level not in LEVEL_LABELS:
        raise TransitionError("请选择批示领导的级别（县级、市级、省级、国家级）")
    if not (leader or "").strip():
        raise TransitionError("请填写批示领导")
    date = _as_date(date)
    if not m.ScoringRuleSet.objects.filter(year=date.year).exists():
        raise TransitionError(f"没有{date.year}年度的计分规则，请先在“计分规则”中建立")
    on_level = None
    if on_level_code:
        on_level = m.AdoptionLevel.objects.filter(code=on_level_code).first()
        if on_level is None or not m.AdoptionRecord.objects.filter(item_id=item.pk, level=on_level).exists():
            raise TransitionError("批示所在刊物必须是该信息已有的采用级别")
    record = m.InstructionRecord.objects.create(
        item_id=item.pk, leader=leader.strip(), leader_level=leader_level, date=date, text=text or "",
        on_level=on_level, feedback_due=_as_date(feedback_due) if feedback_due else None, recorded_by=user,
    )
    _event(item, "instruction", user, m.STATUS_ADOPTED, m.STATUS_ADOPTED,
           f"{LEVEL_LABELS[leader_level]}领导{record.leader}批示" + (f"：{text}" if text else ""))
    return record


@transaction.atomic
def not_adopt(item, user, comment=""):
    m = _models()
    _require_editor(user, "处理信息")
    item = _fresh(item)
    if item.status != m.STATUS_SUBMITTED:
        raise TransitionError(f"只有已报送、待处理的信息才能标记为不予采用（当前状态：{_status_label(item.status)}）")
    _set_state(item, status=m.STATUS_NOT_ADOPTED, decided_at=timezone.now())
    _event(item, "not_adopt", user, m.STATUS_SUBMITTED, m.STATUS_NOT_ADOPTED, comment or "")
    state = item.current_workflow_state
    if state is not None and state.is_active:
        state.cancel(user=user)
    return item


# --------------------------------------------------------------------------
# periodical issues


def periodical_candidates():
    """Adopted items with an adoption at a periodical level not yet placed in an issue."""
    m = _models()
    return (
        m.InfoReportPage.objects.filter(
            status=m.STATUS_ADOPTED, adoptions__level__is_periodical=True, adoptions__issue__isnull=True,
        ).distinct().select_related("reporting_unit").order_by("decided_at", "pk")
    )


def issue_numbers(publication, year, exclude_pk=None):
    m = _models()
    qs = m.PeriodicalIssue.objects.filter(publication=publication, year=year).exclude(number=None)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return set(qs.values_list("number", flat=True))


@transaction.atomic
def compile_issue(user, item_ids, *, year=None, publication=None, number=None, issue_date=None, titles=None,
                  issuing_office="", distribution=""):
    """Create 《刊名》YYYY年第N期 from adopted items in the given order. ``number`` defaults to
    the next number of the year; a number that would leave a gap (or repeat one) is refused."""
    m = _models()
    _require_editor(user, "编排刊物")
    publication = publication or m.periodicals.DEFAULT_PUBLICATION
    year = int(year or timezone.localdate().year)
    ids = [int(i) for i in dict.fromkeys(item_ids or [])]
    if not ids:
        raise TransitionError("请至少选择一条已采用的信息编入本期")
    items = {i.pk: i for i in m.InfoReportPage.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in items]
    if missing:
        raise TransitionError(f"信息编号{missing}不存在")
    not_adopted = [items[i].title for i in ids if items[i].status != m.STATUS_ADOPTED]
    if not_adopted:
        raise TransitionError(f"“{'”、“'.join(not_adopted)}”尚未采用，只有已采用的信息才能编入刊物")
    existing = issue_numbers(publication, year)
    if number in (None, ""):
        number = next_number(existing)
    try:
        number = check_number(existing, int(number), publication=publication, year=year)
    except (IssueNumberError, ValueError) as exc:
        raise TransitionError(str(exc)) from None
    issue = m.PeriodicalIssue.objects.create(
        publication=publication, year=year, number=number, issue_date=_as_date(issue_date) if issue_date else None,
        issuing_office=issuing_office, distribution=distribution,
    )
    titles = titles or {}
    for order, pk in enumerate(ids):
        m.IssueEntry.objects.create(issue=issue, item=items[pk], sort_order=order, edited_title=titles.get(pk, "") or "")
        m.AdoptionRecord.objects.filter(item_id=pk, level__is_periodical=True, issue__isnull=True).update(issue=issue)
        _event(items[pk], "issue", user, m.STATUS_ADOPTED, m.STATUS_ADOPTED, f"编入{issue.title}")
    return issue


@transaction.atomic
def sign_off_issue(issue, user, issue_date=None):
    """签发: the issue becomes final (numbers are never reused)."""
    m = _models()
    _require_editor(user, "签发刊物")
    issue = m.PeriodicalIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.is_issued:
        raise TransitionError(f"{issue.title}已签发")
    if not issue.entries.exists():
        raise TransitionError(f"{issue.title}没有编入任何信息，不能签发")
    issue.status = issue.STATUS_ISSUED
    issue.issued_by = user
    issue.issued_at = timezone.now()
    issue.issue_date = issue.issue_date or _as_date(issue_date)
    issue.save()
    return issue


def check_issue_removable(issue):
    """An issued issue stays; a draft one may go only if no gap is left behind it."""
    if issue.is_issued:
        raise TransitionError(f"{issue.title}已签发，不能删除")
    try:
        check_removal(issue_numbers(issue.publication, issue.year), issue.number,
                      publication=issue.publication, year=issue.year)
    except IssueNumberError as exc:
        raise TransitionError(str(exc)) from None


@transaction.atomic
def delete_issue(issue, user):
    m = _models()
    _require_editor(user, "删除刊期")
    issue = m.PeriodicalIssue.objects.select_for_update().get(pk=issue.pk)
    check_issue_removable(issue)
    m.AdoptionRecord.objects.filter(issue=issue).update(issue=None)
    issue.delete()


# --------------------------------------------------------------------------
# 通报


@transaction.atomic
def generate_bulletin(user, period, year, number=None):
    """Generate a 通报 draft from the computed ranking and submit it for moderation."""
    m = _models()
    from django.template.loader import render_to_string

    from info_reporting import ledger
    from info_reporting.templatetags.info_reporting_tags import points as fmt_points

    _require_editor(user, "生成通报")
    ranking = ledger.compute_ranking(period, int(year), int(number) if number else None)
    if ranking.error:
        raise TransitionError(ranking.error)
    index = m.InfoReportIndexPage.objects.first()
    if index is None:
        raise TransitionError("没有“政务信息报送”栏目，请先运行 setup_site")
    title = f"关于{ranking.label}政务信息报送情况的通报"
    body = render_to_string("info_reporting/bulletin_body.html", {"ranking": ranking})
    rows = [
        {"rank": r.rank, "unit": r.unit, "points": fmt_points(r.points), "adopted_items": r.adopted_items, "note": r.note}
        for r in ranking.rows
    ]
    page = m.InfoBulletinPage(
        title=title, period=period, year=int(year), number=int(number) if number else None,
        period_label=ranking.label, body=body, rows=rows, generated_at=timezone.now(), live=False, owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    workflow = page.get_workflow()
    workflow.start(page, user)
    return page


__all__ = [
    "TransitionError", "check_levels_priced", "check_submit", "submit", "send_for_signoff", "sign_off",
    "refuse_signoff", "record_submission", "withdraw",
    "record_withdrawal", "return_item", "adopt", "add_adoptions", "record_instruction", "not_adopt",
    "periodical_candidates", "compile_issue", "sign_off_issue", "check_issue_removable", "delete_issue",
    "generate_bulletin",
]
