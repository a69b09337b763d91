"""Applying validity decisions to stored documents: on publish / unpublish / delete of a
newer document, and in the daily job.

A changed document gets its validity fields updated in place (its content and any draft
stay untouched — no revision is published on its behalf), a log entry naming the cause
(``gongkai.policy_validity``) and is re-indexed so the 有效性 facet of search stays true.
"""
from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from . import validity as rules

logger = logging.getLogger(__name__)

LOG_ACTION = "gongkai.policy_validity"


def refresh_validity(page_ids, *, cause=None, user=None, today=None, reason=""):
    """Recompute the validity of documents ``page_ids``; returns the pages that changed.

    ``cause`` (a PolicyDocumentPage) and ``reason`` go into the log entry.
    """
    from wagtail.log_actions import log

    from .models import PolicyDocumentPage

    ids = {pk for pk in page_ids if pk}
    if cause is not None:
        ids.discard(cause.pk)
    if not ids:
        return []
    today = today or timezone.localdate()
    changed = []
    for page in PolicyDocumentPage.objects.filter(pk__in=ids).order_by("pk"):
        before = (page.validity, page.validity_changed_on, page.validity_basis, page.validity_cause_id)
        decision = page.decide_validity(today)
        if not page.apply_decision(decision, today):
            continue
        PolicyDocumentPage.objects.filter(pk=page.pk).update(
            validity=page.validity, validity_changed_on=page.validity_changed_on,
            validity_basis=page.validity_basis, validity_cause_id=page.validity_cause_id,
        )
        if before[0] != page.validity or before[3] != page.validity_cause_id:
            data = {
                "from": before[0], "to": page.validity,
                "from_label": rules.LABELS.get(before[0], before[0]), "to_label": rules.LABELS[page.validity],
                "basis": page.validity_basis, "since": page.validity_changed_on.isoformat() if page.validity_changed_on else None,
                "reason": reason,
            }
            if cause is not None:
                data.update({"cause_id": cause.pk, "cause_title": cause.title, "cause_doc_number": cause.doc_number})
            log(instance=page, action=LOG_ACTION, user=user, data=data)
        changed.append(page)
    live = [p for p in changed if p.live]
    if changed:
        from .listing import bump_facet_cache

        bump_facet_cache()
    if live:
        transaction.on_commit(lambda pages=live: _reindex(pages))
    return changed


def _reindex(pages):
    from search.indexing import index_pages

    try:
        index_pages(pages)
    except Exception:  # the change is saved; a failed index update is logged, not fatal
        logger.exception("有效性变更后重建索引失败")


def targets_of(page):
    from .models import PolicyDocumentPage, PolicyRelation

    ids = set(PolicyRelation.objects.filter(source_id=page.pk).values_list("target_id", flat=True))
    ids |= set(getattr(page, "_relation_targets_before", ()) or ())
    ids |= set(PolicyDocumentPage.objects.filter(validity_cause_id=page.pk).values_list("pk", flat=True))
    return ids


# -- signal handlers ----------------------------------------------------------------------
def _bump(*args, **kwargs):
    from .listing import bump_facet_cache

    bump_facet_cache()


def on_published(sender, instance, revision=None, **kwargs):
    _bump()
    user = getattr(revision, "user", None)
    refresh_validity(targets_of(instance), cause=instance, user=user, reason="publish")


def on_unpublished(sender, instance, **kwargs):
    _bump()
    refresh_validity(targets_of(instance), cause=instance, user=kwargs.get("user"), reason="unpublish")


def on_pre_delete(sender, instance, **kwargs):
    instance._targets_at_delete = targets_of(instance)


def on_post_delete(sender, instance, **kwargs):
    _bump()
    ids = getattr(instance, "_targets_at_delete", set())
    if ids:
        transaction.on_commit(lambda: refresh_validity(ids, reason="delete"))


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.signals import page_published, page_unpublished

    from .models import PolicyDocumentPage

    page_published.connect(on_published, sender=PolicyDocumentPage, dispatch_uid="policies_validity_on_publish")
    page_unpublished.connect(on_unpublished, sender=PolicyDocumentPage, dispatch_uid="policies_validity_on_unpublish")
    pre_delete.connect(on_pre_delete, sender=PolicyDocumentPage, dispatch_uid="policies_validity_pre_delete")
    post_save.connect(_bump, sender=PolicyDocumentPage, dispatch_uid="policies_facets_on_save")
    post_delete.connect(on_post_delete, sender=PolicyDocumentPage, dispatch_uid="policies_validity_post_delete")


# -- the daily job ------------------------------------------------------------------------
def date_driven_candidates(today):
    """Ids of documents whose state may change on ``today`` because of a date."""
    from django.db.models import Q

    from .models import PolicyDocumentPage, PolicyRelation

    active = [rules.IN_FORCE, rules.NOT_YET_EFFECTIVE, rules.AMENDED]
    q = (
        Q(validity=rules.NOT_YET_EFFECTIVE, effective_date__lte=today)
        | Q(validity=rules.IN_FORCE, effective_date__gt=today)
        | Q(validity__in=active, expiry_date__lt=today)
        | Q(validity__in=active, validity_override_on__lte=today) & ~Q(validity_override="")
        | Q(validity=rules.LAPSED, validity_override="", expiry_date__gte=today)
    )
    ids = set(PolicyDocumentPage.objects.filter(q).values_list("pk", flat=True))
    # Documents targeted by a live relation: its effect date may have come.
    ids |= set(PolicyRelation.objects.filter(source__live=True).values_list("target_id", flat=True))
    return ids


def update_policy_validity(today=None, *, user=None):
    """Daily job: apply the state changes that dates bring (尚未生效 → 现行有效 on 施行日期,
    → 已失效 after 有效期至, repeals that take effect today). Returns the changed pages."""
    today = today or timezone.localdate()
    ids = date_driven_candidates(today)
    with transaction.atomic():
        return refresh_validity(ids, user=user, today=today, reason="daily")
