"""The stale-column monitor over the real site tree: dashboard panel and report."""
import datetime
import zoneinfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_columns_report_stale_and_empty_sections(make_policy, site_tree, governance, client_for):
    from governance.services.columns import assess_columns

    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=SH), tick=False):
        make_policy("旧政策", slug="old", published_date=datetime.date(2026, 3, 1))
        statuses = {s.title: s.assessment for s in assess_columns()}
        assert statuses["政策文件库"].status == "stale"
        assert statuses["政府信息公开"].status == "empty"
        assert statuses["政务公开门户"].kind == "news"  # the home page: 2 weeks
        c = client_for("reviewer")
        html = c.get("/admin/governance/stale-columns/").content.decode()
        assert "政策文件库" in html and "超期未更新" in html and "空白栏目" in html
        csv = c.get("/admin/governance/stale-columns/?export=csv").content.decode("utf-8-sig")
        assert "政策文件库" in csv and "超期未更新" in csv
        dashboard = c.get("/admin/").content.decode()
        assert "栏目更新监测" in dashboard
        make_policy("新政策", slug="new", published_date=datetime.date(2026, 11, 20))
        statuses = {s.title: s.assessment for s in assess_columns()}
        assert statuses["政策文件库"].status == "ok"


def test_column_setting_overrides_kind(make_policy, site_tree, governance):
    from governance.models import ColumnSetting
    from governance.services.columns import assess_columns

    ColumnSetting.objects.create(page=site_tree["notices"], kind="exempt")
    ColumnSetting.objects.create(page=site_tree["disclosure"], kind="news", max_age_days=7)
    statuses = {s.title: s.assessment for s in assess_columns()}
    assert statuses["通知公告"].status == "exempt"
    assert statuses["政府信息公开"].kind == "news"


def test_editors_do_not_see_the_report(site_tree, governance, client_for):
    assert client_for("editor").get("/admin/governance/stale-columns/").status_code in (302, 403)
