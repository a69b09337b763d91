"""Annual report figures from live records (disclosure.md §7), stored per year in AnnualReportData.

The plain rules and the exact labels are in ``disclosure.annual_report``; this module only
gathers records from the database and (de)serialises the tables.
"""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from . import annual_report as ar


def request_records():
    from .models import InformationRequest

    return [
        ar.RequestRecord(r.applicant_type, r.received_on, r.closed_on, r.report_code or None, r.tracking_code)
        for r in InformationRequest.objects.exclude(received_on=None)
    ]


def normative_doc_records():
    """规章 / 行政规范性文件 from the policy library (live documents with a 成文日期)."""
    try:
        from policies.models import PolicyDocumentPage
    except ImportError:  # pragma: no cover
        return []
    kinds = {"规章": ar.REGULATION, "行政规范性文件": ar.NORMATIVE_DOC}
    out = []
    for p in PolicyDocumentPage.objects.live().filter(genre__in=list(kinds)):
        issued = p.formed_date or p.published_date
        if issued is None:
            continue
        repealed = p.validity_changed_on if p.validity == "repealed" else None
        expired = (p.validity_changed_on or p.expiry_date) if p.validity == "lapsed" else None
        out.append(ar.NormativeDocRecord(kinds[p.genre], issued, repealed, expired))
    return out


def redress_records():
    from .models import RedressCase

    return [ar.RedressCase(c.kind, c.filed_on, c.concluded_on, c.result or None, str(c.pk)) for c in RedressCase.objects.all()]


def generate(year: int, *, licensing=0, penalty=0, enforcement=0, fees_wan_yuan=Decimal("0")):
    """(Section2Table, Section3Table, Section4Table) for ``year`` from live records."""
    s2 = ar.build_section2(
        year, normative_doc_records(), licensing=licensing, penalty=penalty, enforcement=enforcement,
        fees_wan_yuan=Decimal(fees_wan_yuan),
    )
    return s2, ar.build_section3(request_records(), year), ar.build_section4(redress_records(), year)


def to_json(s2, s3, s4) -> tuple[dict, dict, dict]:
    j2 = {"documents": s2.documents, "decisions": s2.decisions, "fees_wan_yuan": str(s2.fees_wan_yuan)}
    return j2, {"cells": s3.cells}, {"cells": s4.cells}


def tables_from_data(data):
    """Rebuild the three tables from a stored AnnualReportData row."""
    j2 = data.section2 or {}
    docs = j2.get("documents") or {k: {c: 0 for c, _ in ar.SECTION2_DOC_COLUMNS} for k in (ar.REGULATIONS, ar.NORMATIVE_DOCS)}
    try:
        fees = Decimal(str(j2.get("fees_wan_yuan", data.fees_wan_yuan)))
    except Exception:
        fees = j2.get("fees_wan_yuan")
    s2 = ar.Section2Table(data.year, docs, j2.get("decisions") or {
        ar.LICENSING: data.licensing, ar.PENALTY: data.penalty, ar.ENFORCEMENT: data.enforcement}, fees)
    s3 = ar.Section3Table(data.year, (data.section3 or {}).get("cells") or ar.Section3Table.empty(data.year).cells)
    s4 = ar.Section4Table(data.year, (data.section4 or {}).get("cells") or ar.Section4Table.empty(data.year).cells)
    return {"section2": s2, "section3": s3, "section4": s4}


def previous_tables(year):
    from .models import AnnualReportData

    prev = AnnualReportData.objects.filter(year=year - 1).first()
    return tables_from_data(prev) if prev else None


def checks(tables, year) -> dict:
    prev = previous_tables(year)
    return {
        "section2": ar.check(tables["section2"], prev["section2"] if prev else None),
        "section3": ar.check(tables["section3"], prev["section3"] if prev else None),
        "section4": ar.check(tables["section4"]),
    }


@transaction.atomic
def save_generated(year: int, **staff_figures):
    """Generate from live records and store as the year's figures (replacing earlier ones)."""
    from .models import AnnualReportData

    data, _ = AnnualReportData.objects.get_or_create(year=year)
    for k, v in staff_figures.items():
        setattr(data, k, v)
    s2, s3, s4 = generate(
        year, licensing=data.licensing, penalty=data.penalty, enforcement=data.enforcement,
        fees_wan_yuan=data.fees_wan_yuan,
    )
    data.section2, data.section3, data.section4 = to_json(s2, s3, s4)
    data.is_manual = False
    data.save()
    return data


def fee_summary(year):
    """信息处理费 for section 六: notices issued and amounts collected in the year."""
    from .models import RequestEvent

    notices = RequestEvent.objects.filter(action="send_fee_notice", on__year=year)
    paid = RequestEvent.objects.filter(action="fee_paid", on__year=year).select_related("request")
    return {
        "notices": notices.count(),
        "notice_total": sum(int(e.data.get("amount", 0)) for e in notices),
        "collected": sum(e.request.fee_amount or 0 for e in paid),
    }
