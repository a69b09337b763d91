"""Maps archive records of ``type=policy`` onto PolicyDocumentPage (FORMAT.md fields).

有效性 from the archive is a recorded decision (``validity_override``) when it says the
document is no longer in force (已失效, 已废止, 已修改 …): the page then keeps that state
whatever its dates say, with the archive as basis. 现行有效 leaves the state to the
dates (a 施行日期 in the future reads 尚未生效 until then).
"""
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
ARCHIVE_BASIS = "档案记录为“{label}”（{source}）"


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
        self.apply_validity(page, data.get("validity"), record.source)
        page.history = list(data.get("history") or [])
        page.body = to_richtext(data.get("body") or "", data.get("body_format") or "text")
        page.doc_kind = guess_doc_kind(page.title) or ""
        page.source = (data.get("source") or "")[:200]
        page.source_url = (data.get("source_url") or "")[:500]

    def finish(self, summary):
        from .listing import bump_facet_cache

        super().finish(summary)
        bump_facet_cache()  # imported pages change every facet count

    @staticmethod
    def apply_validity(page, label, source):
        decision = archive_decision(label, source)
        page.validity_override, page.validity_override_basis = decision or ("", "")
        page.validity_override_on = None  # the archive gives no date


def archive_decision(label, source):
    """(recorded state, basis) for the archive's 有效性 label, or None when dates decide."""
    state = Validity.from_label(label)
    if state in (Validity.AMENDED, Validity.REPEALED, Validity.LAPSED):
        return state.value, ARCHIVE_BASIS.format(label=str(label).strip(), source=source)[:300]
    return None
