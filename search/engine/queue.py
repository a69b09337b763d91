"""The durable failed-update queue and its replay (search/engine/models.py explains the rows)."""
from __future__ import annotations

import logging

from django.apps import apps
from django.db import transaction

logger = logging.getLogger(__name__)

#: rows replayed automatically after one successful write (the rest on the next write or the command)
AUTO_REPLAY_BATCH = 200


def _models():
    from .models import IndexRebuild, PendingIndexUpdate

    return PendingIndexUpdate, IndexRebuild


def rebuild_running() -> bool:
    _, IndexRebuild = _models()
    return IndexRebuild.objects.filter(status="running").exists()


def record(model, pks, action, error=None, reason="failed"):
    """Remember that ``model`` objects ``pks`` must be re-synchronised (durable, one row per object)."""
    PendingIndexUpdate, _ = _models()
    label = model._meta.label_lower
    message = "" if error is None else f"{type(error).__name__}: {error}"[:2000]
    for pk in pks:
        with transaction.atomic():
            row, created = PendingIndexUpdate.objects.select_for_update().get_or_create(
                model_label=label, object_pk=str(pk),
                defaults={"action": action, "reason": reason, "last_error": message},
            )
            if not created:
                row.action = action
                if reason == "failed" or row.reason != "failed":
                    row.reason = reason
                if message:
                    row.last_error = message
                row.save()


def after_successful_write(backend, model, pks, action):
    """Hook run after the engine accepted a write: keep rebuilds complete, retry old failures."""
    PendingIndexUpdate, _ = _models()
    if rebuild_running():
        # The write went to the index the alias points to now; the new index gets it after the swap.
        record(model, pks, action, reason="rebuild")
        return
    if getattr(backend, "_replaying", False):
        return
    if PendingIndexUpdate.objects.exists():
        try:
            replay(backend, limit=AUTO_REPLAY_BATCH)
        except Exception:  # never break the editor's request
            logger.exception("自动重放待同步索引更新失败")


def pending_count() -> int:
    PendingIndexUpdate, _ = _models()
    return PendingIndexUpdate.objects.count()


def _should_be_indexed(obj) -> bool:
    from wagtail.models import Page

    if isinstance(obj, Page):
        # Government pages (search_auto_update = False) are indexed only while live: drafts never.
        return obj.live or getattr(type(obj), "search_auto_update", True)
    return True


def _resolve(model, pks):
    """Current objects for ``pks`` that belong in the index, and pks that must be removed."""
    manager = model._default_manager
    if hasattr(manager, "specific") and hasattr(model, "specific"):
        objs = {str(o.pk): o for o in manager.filter(pk__in=pks)}
    else:
        objs = {str(o.pk): o for o in manager.filter(pk__in=pks)}
    index, remove = [], []
    for pk in pks:
        obj = objs.get(str(pk))
        if obj is not None and _should_be_indexed(obj):
            index.append(obj)
        else:
            remove.append(pk)
    return index, remove


def replay(backend, limit=None, include_rebuild=None, progress=None):
    """Apply queued updates to the engine from the objects' current database state.

    Returns ``(applied, remaining)``. Stops at the first engine failure (it is still down); rows
    stay queued with their attempt count raised. Rows queued during a running rebuild are left for
    the rebuild to replay after its alias swap.
    """
    PendingIndexUpdate, _ = _models()
    if include_rebuild is None:
        include_rebuild = not rebuild_running()
    rows = PendingIndexUpdate.objects.order_by("pk")
    if not include_rebuild:
        rows = rows.exclude(reason="rebuild")
    if limit:
        rows = rows[:limit]
    rows = list(rows)
    by_label: dict[str, list] = {}
    for row in rows:
        by_label.setdefault(row.model_label, []).append(row)
    applied = 0
    backend._replaying = True
    try:
        for label, label_rows in by_label.items():
            try:
                model = apps.get_model(label)
            except LookupError:
                PendingIndexUpdate.objects.filter(pk__in=[r.pk for r in label_rows]).delete()
                continue
            pks = [r.object_pk for r in label_rows]
            try:
                to_index, to_remove = _resolve(model, pks)
                if to_index:
                    backend.raw_add_bulk(model, to_index)
                for pk in to_remove:
                    backend.raw_delete(model, pk)
            except Exception as exc:
                message = f"{type(exc).__name__}: {exc}"[:2000]
                for r in label_rows:
                    PendingIndexUpdate.objects.filter(pk=r.pk).update(attempts=r.attempts + 1, last_error=message)
                logger.warning("重放索引更新失败（引擎仍不可用？）：%s", message)
                break
            # delete only rows not re-recorded meanwhile
            for r in label_rows:
                PendingIndexUpdate.objects.filter(pk=r.pk, updated_at=r.updated_at).delete()
            applied += len(label_rows)
            if progress:
                progress(applied, len(rows))
    finally:
        backend._replaying = False
    return applied, PendingIndexUpdate.objects.count()
