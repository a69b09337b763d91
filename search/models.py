"""Search app models.

* :class:`SynonymGroup` — the editor-maintained abbreviation/synonym table (search.md §4.6),
  seeded from :mod:`search.synonyms_default` and expanded at query time by every backend.
* :class:`SearchDocument` — facts about each indexed government page that the database
  backend's archive search filters and facets on (type, year, 发文机关, 有效性, 公文种类,
  主题分类, canonical 文号 key).  Written when a page is indexed (on publish), deleted with
  the index entry; visibility (live, view restrictions) is always re-checked at query time.
* :class:`AttachmentText` — text extracted from an uploaded PDF/DOCX document, indexed with
  the pages that attach it (search/attachments.py).
"""
from django.db import models


class SynonymGroup(models.Model):
    forms = models.TextField(
        "等价词",
        help_text="一组含义相同的写法，用顿号、逗号或换行分隔，例如：发改委、发展改革委、发展和改革委员会",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检索同义词"
        verbose_name_plural = "检索同义词"
        ordering = ["pk"]

    def __str__(self):
        return "、".join(self.form_list()) or "（空）"

    def form_list(self):
        import re

        return [f.strip() for f in re.split(r"[、,，;；\n\r]+", self.forms or "") if f.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.form_list()) < 2:
            raise ValidationError({"forms": "至少填写两个等价写法，用顿号分隔"})


class SearchDocument(models.Model):
    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    # id of the page's full-text index entry (= the FTS5 rowid on SQLite): the match set joins on it
    entry_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    type_key = models.CharField(max_length=40, db_index=True)
    is_internal = models.BooleanField(default=False)
    published_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    issuing_authority = models.CharField(max_length=200, blank=True)
    validity = models.CharField(max_length=20, blank=True)
    doc_kind = models.CharField(max_length=20, blank=True)
    topic = models.CharField(max_length=100, blank=True)
    doc_number = models.CharField(max_length=120, blank=True)
    doc_number_key = models.CharField(max_length=120, blank=True, db_index=True)
    external_id = models.CharField(max_length=120, null=True, blank=True)
    # Tree path of the page (view restrictions are checked against it at query time).
    path = models.CharField(max_length=255, blank=True)
    # Normalised title without spaces/punctuation, for title-match ranking signals.
    title_key = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["title_key"], name="search_doc_title_key")]
        verbose_name = "检索文档信息"
        verbose_name_plural = "检索文档信息"


class AttachmentText(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "已提取"
        EMPTY = "empty", "无可提取文字（可能是扫描件）"
        ENCRYPTED = "encrypted", "文件已加密，无法提取"
        BROKEN = "broken", "文件已损坏或格式不符，无法提取"
        UNSUPPORTED = "unsupported", "不支持的文件类型"
        TOO_LARGE = "too_large", "文件过大，未提取"

    document = models.OneToOneField(
        "wagtaildocs.Document", primary_key=True, on_delete=models.CASCADE, related_name="search_text",
    )
    text = models.TextField("提取的文字", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OK)
    message = models.CharField("说明", max_length=300, blank=True)
    file_hash = models.CharField(max_length=64, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "附件文字"
        verbose_name_plural = "附件文字"


def _synonyms_changed(sender, **kwargs):
    from search.backends.synonyms import invalidate

    invalidate()


models.signals.post_save.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
models.signals.post_delete.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted")


def _document_saved(sender, instance, **kwargs):
    from search.attachments import on_document_saved

    on_document_saved(sender, instance, **kwargs)


def _connect_document_signal():
    from django.conf import settings

    label = getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document")
    models.signals.post_save.connect(_document_saved, sender=label, dispatch_uid="search_extract_attachment_text")


_connect_document_signal()
