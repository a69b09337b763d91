"""Archive import pipeline (../shared/corpus/FORMAT.md).

Reading and validating records is plain Python (``iter_records``); each content ``type`` is
handled by an importer class registered by its app (``register_importer``), which turns a
batch of valid records into live pages. ``import_archive`` streams the files, groups records
into batches, runs each batch in one transaction, and returns a summary.
"""
from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED_FIELDS = ("external_id", "type", "title")
DATE_FIELDS = ("written_date", "published_date", "effective_date")
MAX_BODY_CHARS = 3_000_000  # the longest real law is ~0.5M characters
MAX_TITLE_CHARS = 255
BATCH_SIZE = 200

_IMPORTERS: dict[str, type] = {}


def register_importer(record_type, importer_class):
    _IMPORTERS[record_type] = importer_class


def registered_types():
    return sorted(_IMPORTERS)


class RecordError(ValueError):
    """A record that cannot be imported; the message is Chinese and says why."""


@dataclass
class Record:
    line: int
    source: str
    data: dict

    @property
    def external_id(self):
        return self.data["external_id"]

    @property
    def type(self):
        return self.data["type"]

    def content_hash(self):
        raw = {k: v for k, v in self.data.items() if not k.startswith("_")}
        payload = json.dumps(raw, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def date(self, name):
        return self.data.get(f"_{name}")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (source, line, external_id, reason)

    @property
    def processed(self):
        return self.created + self.updated + self.unchanged + len(self.skipped)

    def skip(self, source, line, external_id, reason):
        self.skipped.append((source, line, external_id, reason))

    def skipped_by_reason(self):
        return Counter(reason.split("：")[0] for _, _, _, reason in self.skipped)


def open_binary(path):
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"文件不存在：{path}")
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _parse_date(value, name):
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"日期字段 {name} 不是字符串：{value!r}")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(f"日期字段 {name} 无效：{value!r}（应为 YYYY-MM-DD）") from None


def validate(data, known_types):
    """Check one decoded record; returns it with parsed dates under ``_<name>`` keys."""
    if not isinstance(data, dict):
        raise RecordError("记录不是 JSON 对象")
    for name in REQUIRED_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise RecordError(f"缺少必填字段 {name}")
    if data["type"] not in known_types:
        raise RecordError(f"未知的内容类型 {data['type']!r}（可导入：{'、'.join(known_types) or '无'}）")
    if len(data["title"]) > MAX_TITLE_CHARS:
        raise RecordError(f"标题过长：{len(data['title'])} 字，上限 {MAX_TITLE_CHARS} 字")
    body = data.get("body") or ""
    if not isinstance(body, str):
        raise RecordError("正文 body 不是字符串")
    if len(body) > MAX_BODY_CHARS:
        raise RecordError(f"正文过长：{len(body)} 字，上限 {MAX_BODY_CHARS} 字")
    history = data.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise RecordError("history 应为字符串列表")
    clean = dict(data)
    for name in DATE_FIELDS:
        clean[f"_{name}"] = _parse_date(data.get(name), name)
    return clean


def iter_records(path, known_types, summary):
    """Yield valid Records of one file, streaming; bad lines are recorded in ``summary``."""
    source = Path(path).name
    seen = {}
    with open_binary(path) as handle:
        for line_no, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError as exc:
                summary.skip(source, line_no, None, f"编码错误：不是有效的 UTF-8（{exc.reason}）")
                continue
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                summary.skip(source, line_no, None, f"JSON 格式错误：第 {exc.colno} 列 {exc.msg}")
                continue
            external_id = data.get("external_id") if isinstance(data, dict) else None
            try:
                clean = validate(data, known_types)
            except RecordError as exc:
                summary.skip(source, line_no, external_id, str(exc))
                continue
            if external_id in seen:
                summary.skip(source, line_no, external_id, f"重复的 external_id：与第 {seen[external_id]} 行相同，已跳过")
                continue
            seen[external_id] = line_no
            yield Record(line=line_no, source=source, data=clean)


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_archive(paths, *, user=None, progress=None, batch_size=BATCH_SIZE):
    """Import files; returns an ImportSummary. ``progress(summary)`` is called after each batch."""
    from django.db import transaction

    summary = ImportSummary()
    known = registered_types()
    importers = {}
    for path in paths:
        for batch in _batches(iter_records(path, known, summary), batch_size):
            by_type = {}
            for record in batch:
                by_type.setdefault(record.type, []).append(record)
            for record_type, records in by_type.items():
                importer = importers.get(record_type)
                if importer is None:
                    importer = importers[record_type] = _IMPORTERS[record_type](user=user)
                with transaction.atomic():
                    importer.import_batch(records, summary)
            if progress:
                progress(summary)
    for importer in importers.values():
        importer.finish(summary)
    return summary


class PageImporter:
    """Base for importers that turn records into live pages under one parent.

    Subclasses set ``model`` and implement ``parent()`` and ``apply(page, record)`` (copy the
    record's fields onto the page). Pages are created live with a log entry marking them as
    imported, and indexed for search in bulk after each batch.
    """

    model = None
    log_action = "gongkai.import"

    def __init__(self, user=None):
        self.user = user
        self._parent = None

    def parent(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def apply(self, page, record):  # pragma: no cover - abstract
        raise NotImplementedError

    def get_parent(self):
        if self._parent is None:
            self._parent = self.parent()
        return self._parent

    def import_batch(self, records, summary):
        from django.core.exceptions import ValidationError
        from django.db import IntegrityError, transaction
        from django.utils import timezone
        from wagtail.signal_handlers import disable_reference_index_auto_update

        ids = [r.external_id for r in records]
        existing = {p.external_id: p for p in self.model.objects.filter(external_id__in=ids)}
        clash = self._ids_used_by_other_types(set(ids) - set(existing))
        touched, log_entries = [], []
        now = timezone.now()
        parent = self.get_parent()
        self._last_child_path = None  # re-read once per batch (a rolled-back batch leaves no trace)
        # Imported bodies are escaped text with no internal links, so the reference index has
        # nothing to record for them; validation is done on the record (validate()) instead of
        # Django's per-field full_clean, which costs several queries per page.
        with disable_reference_index_auto_update():
            for record in records:
                digest = record.content_hash()
                page = existing.get(record.external_id)
                if record.external_id in clash:
                    summary.skip(record.source, record.line, record.external_id,
                                 f"external_id 冲突：已被 {clash[record.external_id]} 类型的页面使用")
                    continue
                if page is not None and page.import_hash == digest:
                    summary.unchanged += 1
                    continue
                try:
                    with transaction.atomic():
                        if page is None:
                            page = self._create(parent, record, digest, now)
                            action = self.log_action
                            summary.created += 1
                        else:
                            self.apply(page, record)
                            page.import_hash = digest
                            page.last_published_at = now
                            page.save()
                            action = f"{self.log_action}_update"
                            summary.updated += 1
                except ValidationError as exc:
                    messages = "；".join(m for msgs in exc.message_dict.values() for m in msgs) if hasattr(exc, "error_dict") else "；".join(exc.messages)
                    summary.skip(record.source, record.line, record.external_id, f"数据校验失败：{messages}")
                    continue
                except (IntegrityError, ValueError) as exc:
                    summary.skip(record.source, record.line, record.external_id, f"保存失败：{exc}")
                    continue
                log_entries.append(self._log_entry(page, action, record, now))
                touched.append(page)
        if log_entries:
            from wagtail.models import PageLogEntry

            PageLogEntry.objects.bulk_create(log_entries)
        if touched:
            transaction.on_commit(lambda pages=touched: self.index(pages))

    def _create(self, parent, record, digest, now):
        """Insert a new live page as the parent's last child (what treebeard's add_child does,
        without re-reading the last child for every page)."""
        from django.db.models import F
        from django.utils.text import slugify
        from wagtail.models import Page

        page = self.model(external_id=record.external_id)
        self.apply(page, record)
        page.import_hash = digest
        page.slug = slugify(record.external_id)[:255]
        if not page.title or not page.slug:
            raise ValueError("标题或 external_id 无法生成有效的页面地址")
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.depth = parent.depth + 1
        page.numchild = 0
        if self._last_child_path is None:
            self._last_child_path = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path").values_list("path", flat=True).first()
            ) or ""
        if self._last_child_path:
            page.path = Page(path=self._last_child_path)._inc_path()
        else:
            page.path = Page._get_path(parent.path, page.depth, 1)
        page._cached_parent_obj = parent
        page.save(clean=False)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        self._last_child_path = page.path
        return page

    def _log_entry(self, page, action, record, now):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import PageLogEntry

        return PageLogEntry(
            page=page, content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            label=page.title, action=action, timestamp=now, user=self.user, content_changed=True,
            data={"external_id": record.external_id, "source": record.source},
        )

    def _ids_used_by_other_types(self, ids):
        if not ids:
            return {}
        from django.apps import apps

        from cms_pages.models import GovernmentPage

        clash = {}
        for model in apps.get_models():
            if model is self.model or not issubclass(model, GovernmentPage) or model._meta.abstract:
                continue
            for external_id in model.objects.filter(external_id__in=ids).values_list("external_id", flat=True):
                clash[external_id] = model._meta.verbose_name
        return clash

    def index(self, pages):
        from search.indexing import index_pages

        index_pages(pages)

    def finish(self, summary):
        """Hook run once after all files (e.g. to recompute derived state)."""
