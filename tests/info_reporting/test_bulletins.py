"""Rankings page, chart, Excel export and the generated 通报 going through moderation."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import TaskState

from info_reporting import services
from info_reporting.models import InfoBulletinPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(submitted_item, reporter2, users):
    a = submitted_item("东城区信息", user="reporter")
    b = submitted_item("发改委信息", user="reporter2")
    services.adopt(a, users["editor"], ["own_regular", "own_special"])  # 3 + 10
    services.adopt(b, users["editor"], ["own_regular"])  # 3
    return a, b


def test_rankings_page_has_a_bar_chart_and_the_ledger_lines(scored, client_for):
    today = datetime.date.today()
    html = client_for("editor").get(f"/admin/info-reporting/rankings/?period=year&year={today.year}").content.decode()
    assert html.index("示范市东城区人民政府") < html.index("示范市发展和改革委员会")
    assert 'class="ir-bar" style="width: 100.0%"' in html
    assert 'aria-label="示范市东城区人民政府 13 分"' in html
    assert "编入刊物采用10分" in html  # the ledger line behind the total


def test_ranking_export_has_ranking_ledger_and_quota_sheets(scored, client_for):
    year = datetime.date.today().year
    response = client_for("editor").get(f"/admin/info-reporting/rankings/export.xlsx?period=year&year={year}")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["排名", "计分明细", "定额完成"]
    rows = list(wb["排名"].iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "单位", "类别", "得分")
    assert rows[1][:2] == (1, "示范市东城区人民政府") and rows[1][3] == 13
    assert rows[2][:2] == (2, "示范市发展和改革委员会") and rows[2][3] == 3


def test_generated_bulletin_goes_through_moderation_before_units_see_it(scored, client_for, users, site_tree):
    year = datetime.date.today().year
    editor = client_for("editor")
    response = editor.post(reverse("info_reporting_admin:generate_bulletin"), {"period": "year", "year": year})
    assert response.status_code == 302
    bulletin = InfoBulletinPage.objects.get()
    assert bulletin.title == f"关于{year}年度政务信息报送情况的通报"
    assert not bulletin.live and bulletin.workflow_in_progress
    assert [r["unit"] for r in bulletin.rows] == ["示范市东城区人民政府", "示范市发展和改革委员会"]
    assert bulletin.rows[0]["points"] == "13"
    # editors cannot publish it directly, units cannot see the draft
    assert not bulletin.permissions_for_user(users["editor"]).can_publish()
    reporter = client_for("reporter")
    assert bulletin.title not in reporter.get(site_tree["info_reporting"].url + "bulletins/").content.decode()
    # the reviewer approves it in the 通报审核 task → published
    state = TaskState.objects.get(workflow_state__object_id=str(bulletin.pk), status="in_progress")
    assert state.task.name == "通报审核"
    assert client_for("editor").post(
        reverse("wagtailadmin_pages:workflow_action", args=(bulletin.pk, "approve", state.pk)), {"comment": ""}
    ).status_code in (302, 403)
    assert not InfoBulletinPage.objects.get().live  # editors are not in the 审核人 group
    client_for("reviewer").post(reverse("wagtailadmin_pages:workflow_action", args=(bulletin.pk, "approve", state.pk)), {"comment": "同意"})
    bulletin.refresh_from_db()
    assert bulletin.live
    listing = reporter.get(site_tree["info_reporting"].url + "bulletins/").content.decode()
    assert bulletin.title in listing
    page = reporter.get(bulletin.url).content.decode()
    assert "示范市东城区人民政府" in page and "13" in page
    assert client_for("reader").get(bulletin.url).status_code == 403
