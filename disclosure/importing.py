"""Maps archive records of ``type=disclosure`` onto DisclosureItemPage (FORMAT.md fields).

An imported record keeps its original 索引号 when it carries one (extra field
``index_number``, checked for uniqueness by the database); otherwise it gets a new number at
import — its first publication on this portal — from the configured template.
"""
from django.core.management.base import CommandError

from cms_pages.importing import PageImporter
from cms_pages.text_format import to_richtext

from .models import DisclosureIndexPage, DisclosureItemPage
from .vocabulary import GENRES, VALIDITIES


class DisclosureImporter(PageImporter):
    model = DisclosureItemPage

    def parent(self):
        index = DisclosureIndexPage.objects.live().first() or DisclosureIndexPage.objects.first()
        if index is None:
            raise CommandError("站点中没有“政府信息公开”栏目：请先运行 python manage.py setup_site")
        return index

    def apply(self, page, record):
        from cms_pages.models import OrganisationUnit, TopicCategory

        data = record.data
        page.title = data["title"].strip()
        page.doc_number = (data.get("doc_number") or "").strip()[:120]
        authority = (data.get("issuing_authority") or "").strip()
        if authority:
            page.issuing_organisation = OrganisationUnit.objects.filter(name=authority).first() or page.issuing_organisation
        page.formed_date = data["_written_date"]
        page.published_date = data["_published_date"] or data["_written_date"]
        page.summary = (data.get("summary") or "").strip()[:1000]
        page.body = to_richtext(data.get("body") or "", data.get("body_format") or "text")
        validity = (data.get("validity") or "").strip().replace("现行有效", "有效").replace("已失效", "失效")
        page.validity = validity if validity in VALIDITIES else ""
        genre = (data.get("genre") or "").strip()
        page.genre = genre if genre in GENRES else ""
        if data.get("topic"):
            page.topic = TopicCategory.from_path(data["topic"]) or page.topic
        number = (data.get("index_number") or "").strip()
        if number and not page.index_number:
            page.index_number = number[:64]
