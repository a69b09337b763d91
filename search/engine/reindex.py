"""Zero-downtime rebuild: build a new concrete index, fill it, swap the alias atomically.

Searches keep using the alias (the old index) until the swap. Index updates made while the new
index is being filled still go to the old index and are also queued (reason ``rebuild``); after
the swap they are replayed into the new index, so nothing published during the rebuild is lost.
Drafts are never indexed: government pages (``search_auto_update = False``) only while live.
"""
from __future__ import annotations

import time

from django.utils import timezone


def objects_to_index(model):
    qs = model.get_indexed_objects()
    from wagtail.models import Page

    if issubclass(model, Page) and not getattr(model, "search_auto_update", True):
        qs = qs.filter(live=True)
    return qs.order_by("pk")


def swap_alias(backend, alias_name, new_index_name):
    """Point ``alias_name`` at ``new_index_name`` in one atomic ``_aliases`` call; return old indices."""
    es = backend.es
    actions = []
    old = []
    if es.indices.exists_alias(name=alias_name):
        old = list(es.indices.get_alias(name=alias_name).keys())
        actions += [{"remove": {"index": name, "alias": alias_name}} for name in old]
    elif es.indices.exists(index=alias_name):
        # a concrete index under the alias name (created before aliases were used): replace it
        actions.append({"remove_index": {"index": alias_name}})
    actions.append({"add": {"index": new_index_name, "alias": alias_name}})
    es.indices.update_aliases(body={"actions": actions})
    return [name for name in old if name != new_index_name]


def rebuild(backend, *, chunk_size=500, out=print, keep_old=False):
    """Rebuild every index of ``backend``; returns ``{alias: documents indexed}``."""
    from . import queue
    from .models import IndexRebuild

    results = {}
    aliases = [index.name for index in backend.all_indexes()]
    for alias_name in aliases:
        models = backend.models_for_alias(alias_name)
        total = sum(objects_to_index(m).count() for m in models)
        concrete = backend.new_concrete_index(alias_name)
        run = IndexRebuild.objects.create(alias=alias_name, new_index=concrete.name, total=total)
        out(f"重建索引 {alias_name} → {concrete.name}：共 {total} 条")
        started = time.monotonic()
        try:
            backend.create_index_with_models(concrete, alias_name)
            done = 0
            last_report = 0.0
            for model in models:
                qs = objects_to_index(model)
                last_pk = None
                while True:
                    batch_qs = qs if last_pk is None else qs.filter(pk__gt=last_pk)
                    batch = list(batch_qs[:chunk_size])
                    if not batch:
                        break
                    last_pk = batch[-1].pk
                    concrete.add_items(model, batch)
                    done += len(batch)
                    now = time.monotonic()
                    if now - last_report > 1.0 or done == total:
                        last_report = now
                        rate = done / max(now - started, 1e-6)
                        pct = 100.0 * done / total if total else 100.0
                        out(f"  {model._meta.verbose_name}：{done}/{total}（{pct:.0f}%，{rate:.0f} 条/秒）")
                        IndexRebuild.objects.filter(pk=run.pk).update(done=done)
            concrete.refresh()
            old = swap_alias(backend, alias_name, concrete.name)
            IndexRebuild.objects.filter(pk=run.pk).update(
                done=done, status="done", finished_at=timezone.now(),
                message=f"旧索引：{', '.join(old) or '无'}",
            )
            if not keep_old:
                for name in old:
                    backend.index_class(backend, name).delete()
            out(f"已切换别名 {alias_name} → {concrete.name}（{done} 条，{time.monotonic() - started:.1f} 秒）")
            results[alias_name] = done
        except BaseException as exc:
            IndexRebuild.objects.filter(pk=run.pk).update(
                status="failed", finished_at=timezone.now(), message=f"{type(exc).__name__}: {exc}"[:2000]
            )
            try:
                concrete.delete()
            except Exception:
                pass
            raise
        finally:
            backend.forget_ensured()
            # updates made meanwhile: into the new index now (or, after a failure, harmlessly again
            # into the old one)
            if not queue.rebuild_running():
                applied, remaining = queue.replay(backend, include_rebuild=True)
                if applied or remaining:
                    out(f"重建期间的更新：已重放 {applied} 条，剩余 {remaining} 条")
    return results
