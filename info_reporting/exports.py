"""Excel exports (openpyxl). Callers pass querysets already restricted by ``access``."""
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _sheet(wb, title, headers, rows, widths=None, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    return ws


def _local(dt):
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def items_workbook(items):
    items = items.select_related("reporting_unit").prefetch_related("adoptions__level", "instructions", "co_units")
    rows = []
    for item in items:
        rows.append([
            item.title, item.units_display, item.category, item.get_urgency_display(),
            item.get_status_display(), _local(item.submitted_at), item.writer, item.contact,
            "、".join(f"{a.level.name}（{a.date:%Y-%m-%d}）" for a in item.adoptions.all()),
            "、".join(f"{x.get_leader_level_display()}领导{x.leader}" for x in item.instructions.all()),
        ])
    wb = Workbook()
    _sheet(wb, "政务信息", ["标题", "报送单位", "类型", "紧急程度", "状态", "报送时间", "执笔人", "联系电话", "采用情况", "领导批示"],
           rows, [40, 24, 8, 8, 10, 18, 10, 16, 40, 24], first=True)
    return wb


def ranking_workbook(ranking, rows=None):
    """Ranking, every ledger line behind each total, and quota fulfilment."""
    rows = ranking.rows if rows is None else rows
    units = {r.unit for r in rows}
    wb = Workbook()
    _sheet(wb, "排名", ["名次", "单位", "类别", "得分", "采用条数", "完成定额期数", "说明"], [
        [r.rank, r.unit, r.unit_class or "", float(r.points), r.adopted_items, r.quota_met, r.note] for r in rows
    ], [8, 28, 8, 10, 10, 14, 30], first=True)
    _sheet(wb, "计分明细", ["单位", "日期", "类别", "分值", "说明", "信息编号", "规则年度"], [
        [ln.unit, ln.date.isoformat(), ln.category, float(ln.points), ln.explanation, ln.item_id or "", ln.rule_set_year]
        for r in rows for ln in r.lines
    ], [28, 12, 12, 8, 70, 10, 10])
    _sheet(wb, "定额完成", ["单位", "类别", "期间", "定额", "报送条数", "完成", "得分", "说明"], [
        [q.unit, q.unit_class, q.label, q.required, q.submitted, "是" if q.met else "否", float(q.points), q.explanation]
        for q in ranking.quota if q.unit in units
    ], [28, 8, 14, 8, 10, 8, 8, 50])
    for ws in wb.worksheets:
        ws.sheet_properties.tabColor = "1F4E79"
    wb.properties.title = f"{ranking.label}政务信息排名"
    return wb
