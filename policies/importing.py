"""Maps archive records of ``type=policy`` onto PolicyDocumentPage (FORMAT.md fields)."""
from django.core.management.base import CommandError

from cms_pages.importing import PageImporter
from cms_pages.text_format import to_richtext

from .models import PolicyDocumentPage, PolicyLibraryPage
from .vocabulary import LEGAL_LEVELS, Validity, guess_doc_kind

# The metadata corpus names publishing governments in English.
REGION_NAMES = {
    "State Council": "国务院",
    "Shanghai Municipal Government": "上海市人民政府",
    "Guangdong Provincial Government": "广东省人民政府",
    "Henan Provincial Government": "河南省人民政府",
    "Yunnan Provincial Government": "云南省人民政府",
    "Sichuan Provincial Government": "四川省人民政府",
    "Hainan Provincial Government": "海南省人民政府",
}


class PolicyImporter(PageImporter):
    model = PolicyDocumentPage

    def parent(self):
        library = PolicyLibraryPage.objects.live().first() or PolicyLibraryPage.objects.first()
        if library is None:
            raise CommandError("站点中没有“政策文件库”栏目：请先运行 python manage.py setup_site")
        return library

    def apply(self, page, record):
        data = record.data
        page.title = data["title"].strip()
        page.doc_number = (data.get("doc_number") or "").strip()[:120]
        page.issuing_authority = (data.get("issuing_authority") or "").strip()[:200]
        region = (data.get("region") or "").strip()
        page.region = REGION_NAMES.get(region, region)[:60]
        level = (data.get("level") or "").strip()
        page.legal_level = level if level in LEGAL_LEVELS else ("其他" if level else "")
        page.formed_date = data["_written_date"]
        page.published_date = data["_published_date"] or data["_written_date"]
        page.effective_date = data["_effective_date"]
        page.validity = Validity.from_label(data.get("validity")) or Validity.IN_FORCE
        page.history = list(data.get("history") or [])
        page.body = to_richtext(data.get("body") or "", data.get("body_format") or "text")
        page.doc_kind = guess_doc_kind(page.title) or ""
        page.source = (data.get("source") or "")[:200]
        page.source_url = (data.get("source_url") or "")[:500]
