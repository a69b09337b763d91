"""Column freshness rules (no database)."""
import datetime

from governance import freshness as f

TODAY = datetime.date(2026, 11, 24)


def test_classify_titles():
    assert f.classify("工作动态") == f.NEWS
    assert f.classify("政务要闻") == f.NEWS
    assert f.classify("人事信息") == f.ANNUAL
    assert f.classify("通知公告") == f.STANDARD


def test_news_two_weeks():
    assert f.assess(f.NEWS, TODAY - datetime.timedelta(days=14), TODAY).status == f.DUE_SOON
    assert f.assess(f.NEWS, TODAY - datetime.timedelta(days=15), TODAY).status == f.STALE
    assert f.assess(f.NEWS, TODAY - datetime.timedelta(days=5), TODAY).status == f.OK


def test_standard_six_months():
    assert f.assess(f.STANDARD, datetime.date(2026, 5, 24), TODAY).status == f.DUE_SOON
    assert f.assess(f.STANDARD, datetime.date(2026, 5, 23), TODAY).status == f.STALE
    assert f.assess(f.STANDARD, datetime.date(2026, 8, 1), TODAY).status == f.OK
    assert f.cutoff(f.STANDARD, datetime.date(2026, 8, 31)) == datetime.date(2026, 2, 28)


def test_empty_and_exempt_and_override():
    assert f.assess(f.STANDARD, None, TODAY).status == f.EMPTY
    assert f.assess(f.EXEMPT, None, TODAY).status == f.NOT_MONITORED
    assert f.assess(f.STANDARD, TODAY - datetime.timedelta(days=40), TODAY, max_age_days=30).status == f.STALE


def test_veto_thresholds():
    stale_news = f.assess(f.NEWS, TODAY - datetime.timedelta(days=30), TODAY)
    empty = f.assess(f.STANDARD, None, TODAY)
    risks = f.veto_risks([("x", stale_news, False)] * 5 + [("y", empty, False)] * 5)
    assert len(risks) == 2 and "单项否决" in risks[0] and "空白栏目 5 个" in risks[1]
    assert f.veto_risks([("x", stale_news, False)] * 4) == []
