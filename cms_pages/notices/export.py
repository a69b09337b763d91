"""Roster and receipts as an .xlsx workbook for filing (notices.md §6): one sheet per person,
one per unit, and a sheet describing the notice (audience, deadline, revocation)."""
from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone

from . import rules

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILLS = {rules.GREEN: "C6EFCE", rules.AMBER: "FFEB9C", rules.RED: "FFC7CE"}


def _fmt(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def roster_workbook(page, statuses, now):
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    from .admin_views import audience_description

    book = openpyxl.Workbook()
    info = book.active
    info.title = "通知信息"
    rows = [
        ("标题", page.title),
        ("发布机构", str(page.issuing_organisation or "")),
        ("发布时间", _fmt(page.first_published_at)),
        ("紧急程度", page.get_priority_display()),
        ("受众", audience_description(page)),
        ("需签收", "是" if page.requires_ack else "否"),
        ("签收截止时间", _fmt(page.ack_deadline)),
        ("撤回时间", _fmt(page.revoked_at)),
        ("撤回原因", page.revoke_reason),
        ("导出时间", _fmt(now)),
    ]
    for row in rows:
        info.append(row)
    for cell in info["A"]:
        cell.font = Font(bold=True)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 60

    people = book.create_sheet("按人员")
    people.append(["单位", "姓名", "状态", "首次阅读时间", "签收时间", "最近催办时间", "是否逾期"])
    for s in statuses:
        people.append([s.row.unit, s.row.name, s.label, _fmt(s.row.read_at), _fmt(s.row.acknowledged_at),
                       _fmt(s.row.reminded_at), "是" if s.overdue else ""])
        people.cell(row=people.max_row, column=3).fill = PatternFill("solid", fgColor=FILLS[s.colour])

    units = book.create_sheet("按单位")
    units.append(["单位", "应读（签）人数", "已读", "已签收", "未完成", "逾期"])
    for u in rules.summarise_by_unit(statuses):
        units.append([u.unit, u.total, u.read, u.signed if page.requires_ack else "", u.outstanding, u.overdue])
        units.cell(row=units.max_row, column=1).fill = PatternFill("solid", fgColor=FILLS[u.colour])

    designated = page.unit_signing_status()
    sheets = [people, units]
    if designated:
        unit_acks = book.create_sheet("单位签收")
        unit_acks.append(["单位", "指定签收人", "签收人", "签收时间", "状态"])
        for d in designated:
            unit_acks.append([str(d["unit"]), d["signer_names"], d["signed_by"], _fmt(d["signed_at"]),
                              "已签收" if d["signed_at"] else "未签收"])
            colour = rules.GREEN if d["signed_at"] else rules.AMBER
            unit_acks.cell(row=unit_acks.max_row, column=5).fill = PatternFill("solid", fgColor=FILLS[colour])
        sheets.append(unit_acks)
    for sheet in sheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col, width in zip("ABCDEFG", (24, 14, 12, 18, 18, 18, 10)):
            sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roster_workbook_response(page, statuses, now):
    response = HttpResponse(roster_workbook(page, statuses, now), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="notice-{page.pk}-roster.xlsx"'
    return response
