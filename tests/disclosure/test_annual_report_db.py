"""Annual report from LIVE records: a known set of applications (entered through the service),
policy documents and redress cases → every cell of sections 二, 三, 四 and every rule; the
admin page with checks; manual entry of a past year; publication through moderation; exports."""
import datetime as dt
import io

import pytest

from disclosure import annual_report as ar
from disclosure import reports, services
from disclosure.models import AnnualReportData, AnnualReportPage, RedressCase

pytestmark = pytest.mark.django_db
D = dt.date
COLS = [c for c, _ in ar.SECTION3_COLUMNS]


@pytest.fixture
def known_set(make_request, handler, make_policy):
    def req(applicant_type, on, channel="in_person"):
        kind = "natural_person" if applicant_type == "natural_person" else "organisation"
        return make_request(channel=channel, on=on, applicant_kind=kind, applicant_type=applicant_type)

    p = lambda r, action, on, **kw: services.perform(r, action, actor=handler, on=on, **kw)  # noqa: E731
    a = req("natural_person", D(2024, 12, 20)); p(a, "reply", D(2025, 1, 10), reply_type="disclosed")
    b = req("natural_person", D(2024, 12, 28)); p(b, "reply", D(2026, 1, 5), reply_type="not_held")
    c = req("commercial", D(2025, 3, 3)); p(c, "reply", D(2025, 3, 20), reply_type="partial")
    d = req("research", D(2025, 5, 6)); p(d, "reply", D(2025, 5, 20), reply_type="third_party_rights")
    e = req("public_interest", D(2025, 6, 2))
    p(e, "request_correction", D(2025, 6, 3), comment="请写明年份", reply_by=D(2025, 6, 13))
    p(e, "correction_lapsed", D(2025, 6, 20))
    f = req("legal_services", D(2025, 7, 1))
    p(f, "send_fee_notice", D(2025, 7, 2), fee_method="per_volume", pages=40)
    p(f, "fee_lapsed", D(2025, 8, 15))
    g = req("other", D(2025, 8, 1)); p(g, "withdraw", D(2025, 8, 5))
    req("natural_person", D(2025, 12, 29))  # open on 31 December
    k = req("natural_person", D(2025, 2, 10)); p(k, "reply", D(2025, 2, 20), reply_type="repeat")
    req("natural_person", D(2025, 11, 3), channel="fax")  # awaiting 受理确认: not counted
    j = req("natural_person", D(2023, 5, 4)); p(j, "reply", D(2023, 6, 1), reply_type="disclosed")  # other year
    RedressCase.objects.create(kind="review", filed_on=D(2025, 4, 1), concluded_on=D(2025, 6, 1), result="upheld")
    RedressCase.objects.create(kind="litigation_direct", filed_on=D(2025, 9, 1))
    RedressCase.objects.create(kind="litigation_after_review", filed_on=D(2024, 11, 1), concluded_on=D(2025, 2, 1), result="corrected")
    RedressCase.objects.create(kind="review", filed_on=D(2023, 1, 1), concluded_on=D(2023, 3, 1), result="other")
    make_policy("规章一", genre="规章", formed_date=D(2025, 3, 1))
    make_policy("规范性文件（已废止）", genre="行政规范性文件", formed_date=D(2024, 1, 1), validity="repealed",
                validity_changed_on=D(2025, 6, 1))
    make_policy("规范性文件二", genre="行政规范性文件", formed_date=D(2025, 1, 15))
    make_policy("其他文件", genre="其他文件", formed_date=D(2025, 1, 15))


def expected_section3():
    cells = {r.key: dict.fromkeys(COLS, 0) for r in ar.SECTION3_ROWS}
    rows = {
        ar.NEW: {"natural_person": 2, "commercial": 1, "research": 1, "public_interest": 1, "legal_services": 1, "other": 1},
        ar.CARRIED_IN: {"natural_person": 2},
        "R1": {"natural_person": 1},
        "R2": {"commercial": 1},
        "R3-4": {"research": 1},
        "R5-2": {"natural_person": 1},
        "R6-1": {"public_interest": 1},
        "R6-2": {"legal_services": 1},
        "R6-3": {"other": 1},
        ar.RESULTS_TOTAL: {"natural_person": 2, "commercial": 1, "research": 1, "public_interest": 1, "legal_services": 1, "other": 1},
        ar.CARRIED_OUT: {"natural_person": 2},
    }
    for key, values in rows.items():
        cells[key].update(values)
        cells[key]["total"] = sum(values.values())
    return cells


def test_every_cell_of_section3_from_live_records(known_set):
    s2, s3, s4 = reports.generate(2025)
    expected = expected_section3()
    for r in ar.SECTION3_ROWS:
        for c in COLS:
            assert s3.get(r.key, c) == expected[r.key][c], (r.full_label, c)
    assert ar.check(s3) == []


def test_every_cell_of_sections_2_and_4_from_live_records(known_set):
    s2, s3, s4 = reports.generate(2025, licensing=12, penalty=3, enforcement=1, fees_wan_yuan="1.25")
    assert s2.documents == {
        ar.REGULATIONS: {ar.ISSUED: 1, ar.REPEALED: 0, ar.IN_FORCE: 1},
        ar.NORMATIVE_DOCS: {ar.ISSUED: 1, ar.REPEALED: 1, ar.IN_FORCE: 1},
    }
    assert s2.decisions == {ar.LICENSING: 12, ar.PENALTY: 3, ar.ENFORCEMENT: 1}
    assert str(s2.fees_wan_yuan) == "1.25"
    assert s4.row() == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1]
    assert ar.check(s2) == [] and ar.check(s4) == []


def test_carry_over_matches_the_next_year(known_set):
    reports.save_generated(2025)
    data_2026 = reports.save_generated(2026)
    s3_2026 = data_2026.tables()["section3"]
    assert s3_2026.get(ar.CARRIED_IN, "total") == 2  # = 四 of 2025 (rule 5)
    assert reports.checks(data_2026.tables(), 2026)["section3"] == []


def test_admin_page_shows_tables_labels_and_check_results(known_set, client_for):
    c = client_for("admin")
    body = c.get("/admin/disclosure/annual-report/2025/").content.decode()
    assert "所有勾稽关系校验通过" in body
    for label in ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "三、本年度办理结果",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "四、结转下年度继续办理",
                  "第二十条第（八）项", "本年收费金额（单位：万元）", "复议后起诉", "尚未审结"):
        assert label in body
    r = c.post("/admin/disclosure/annual-report/2025/", {"mode": "generate", "licensing": "12", "penalty": "3",
                                                          "enforcement": "1", "fees_wan_yuan": "1.25"})
    assert r.status_code == 302
    data = AnnualReportData.objects.get(year=2025)
    assert data.licensing == 12 and data.section3["cells"]["new"]["total"] == 7
    r = c.post("/admin/disclosure/annual-report/2025/", {"mode": "generate", "licensing": "-1", "fees_wan_yuan": "abc"}, follow=True)
    assert "应为非负整数" in r.content.decode() and "非负数（万元）" in r.content.decode()


def test_manual_past_year_with_broken_arithmetic_shows_every_rule(site_tree, client_for):
    c = client_for("admin")
    post = {"mode": "manual", "licensing": "0", "penalty": "0", "enforcement": "0", "fees_wan_yuan": "0"}
    for r in ar.SECTION3_ROWS:
        for col in COLS:
            post[f"s3_{r.key}_{col}"] = "0"
    post.update({"s3_new_natural_person": "5", "s3_new_total": "6",  # rule 3 broken (row sum 5 ≠ 6)
                 "s3_R1_natural_person": "3", "s3_R1_total": "3",
                 "s3_results_total_natural_person": "4", "s3_results_total_total": "4",  # rule 2: 3 ≠ 4
                 "s3_carried_out_natural_person": "0", "s3_carried_out_total": "0"})  # rule 1: 5 ≠ 4
    for g, _ in ar.SECTION4_GROUPS:
        for col, _ in ar.SECTION4_COLUMNS:
            post[f"s4_{g}_{col}"] = "0"
    post["s4_review_total"] = "2"
    for k in ("regulations", "normative_docs"):
        for col in ("issued", "repealed", "in_force"):
            post[f"s2_{k}_{col}"] = "0"
    r = c.post("/admin/disclosure/annual-report/2019/", post)
    assert r.status_code == 302
    data = AnnualReportData.objects.get(year=2019)
    assert data.is_manual
    body = c.get("/admin/disclosure/annual-report/2019/").content.decode()
    assert "规则1（勾稽关系）" in body and "规则2（办理结果合计）" in body and "规则3（行合计）" in body
    assert "规则1（分组合计）：“行政复议”总计为2" in body
    post["s3_R2_commercial"] = "x"
    r = c.post("/admin/disclosure/annual-report/2019/", post, follow=True)
    assert "应为非负整数" in r.content.decode()
    # rule 5: 2020 carried in ≠ 2019 carried out
    c.post("/admin/disclosure/annual-report/2020/", {**post, "s3_R2_commercial": "0", "s3_carried_in_natural_person": "1", "s3_carried_in_total": "1"})
    body = c.get("/admin/disclosure/annual-report/2020/").content.decode()
    assert "规则5（跨年衔接，提示）" in body


def test_report_page_published_through_moderation_and_exported(known_set, site_tree, users):
    from django.contrib.auth.models import Group
    from openpyxl import load_workbook
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from django.test import Client

    reports.save_generated(2025, licensing=12)
    task = GroupApprovalTask.objects.create(name="年报审核")
    task.groups.set([Group.objects.get(name="审核人")])
    wf = Workflow.objects.create(name="年度报告审核")
    WorkflowTask.objects.create(workflow=wf, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=site_tree["disclosure"], defaults={"workflow": wf})

    page = AnnualReportPage(title="示范市人民政府2025年政府信息公开工作年度报告", year=2025, live=False,
                            overview="<p>总体情况正文</p>", problems="<p>问题</p>", other_matters="<p>收费0元</p>")
    site_tree["disclosure"].add_child(instance=page)
    page.save_revision(user=users["editor"])
    assert not users["editor"].has_perm("wagtailcore.publish_page")
    state = page.get_workflow().start(page, users["editor"])
    anon = Client()
    assert anon.get("/zfxxgk/" + page.slug + "/").status_code == 404  # not live while in moderation
    assert anon.get("/disclosure/annual-report/2025.xlsx").status_code == 404
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, users["reviewer"], "approve")
    page = AnnualReportPage.objects.get(pk=page.pk)
    assert page.live
    body = anon.get(page.url).content.decode()
    assert "总体情况正文" in body and "一、本年新收政府信息公开申请数量" in body and "本报告统计数据的期限为2025年1月1日至12月31日" in body
    x = anon.get("/disclosure/annual-report/2025.xlsx")
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content))
    sheet = wb["收到和处理政府信息公开申请情况"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert ar.SECTION3_NOTE in values and "1.属于国家秘密" in values and "（七）总计" in values
    assert any(str(r) == "A2:C4" for r in sheet.merged_cells.ranges)  # the 3×3 note cell
    d = anon.get("/disclosure/annual-report/2025.docx")
    from docx import Document

    doc = Document(io.BytesIO(d.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "一、总体情况" in text and "总体情况正文" in text
    assert "3.危及“三安全一稳定”" in cells and "行政许可" in cells and "12" in cells
    assert len(doc.tables) == 3
