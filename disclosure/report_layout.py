"""Cell layout of the annual report tables (merged header cells), shared by the HTML page,
the XLSX and the DOCX exports. Labels come from ``disclosure.annual_report`` only."""
from __future__ import annotations

from . import annual_report as ar


def section2_blocks(t: ar.Section2Table) -> list[dict]:
    out = []
    values = {(h, label): vals for h, label, vals in t.grid()}
    for b in ar.SECTION2_BLOCKS:
        out.append({
            "header": b.header, "columns": list(b.columns), "span": b.value_span,
            "rows": [(label, values[(b.header, label)]) for _, label in b.rows],
        })
    return out


def section3_rows(t: ar.Section3Table) -> list[dict]:
    """Rows with their header cells: ``head`` = [{text, colspan, rowspan}], ``values`` = 7 numbers."""
    rows = []
    results = [r for r in ar.SECTION3_ROWS if r.in_results]
    group_sizes = {}
    for r in results:
        if r.group:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen_groups = set()
    for r in ar.SECTION3_ROWS:
        values = [t.get(r.key, c) for c, _ in ar.SECTION3_COLUMNS]
        head = []
        if not r.in_results:
            head.append({"text": r.label, "colspan": 3, "rowspan": 1})
        else:
            if r is results[0]:
                head.append({"text": ar.SECTION3_RESULTS_LABEL, "colspan": 1, "rowspan": len(results)})
            if r.group:
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    head.append({"text": r.group, "colspan": 1, "rowspan": group_sizes[r.group]})
                head.append({"text": r.label, "colspan": 1, "rowspan": 1})
            else:
                head.append({"text": r.label, "colspan": 2, "rowspan": 1})
        rows.append({"key": r.key, "head": head, "values": values})
    return rows
