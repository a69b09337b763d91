"""清理 and 解读 deadline rules (policies/review.py): no database."""
import datetime as dt

from policies import review

D = dt.date
TODAY = D(2026, 6, 1)


def reasons(**kw):
    base = dict(genre="", legal_level="", validity="in_force", formed_date=D(2026, 1, 1),
                expiry_date=None, reviewed_on=None, today=TODAY)
    base.update(kw)
    return review.review_reasons(**base)


def test_expiry_within_90_days_is_listed():
    assert reasons(expiry_date=D(2026, 8, 30)) == ["有效期至2026年08月30日（还有 90 天）"]
    assert reasons(expiry_date=D(2026, 8, 31)) == []
    assert reasons(expiry_date=TODAY) == ["有效期至2026年06月01日（今天到期）"]
    assert reasons(expiry_date=D(2026, 5, 31)) == []  # already lapsed: the daily job handles it


def test_normative_documents_older_than_the_period_are_listed():
    assert reasons(genre="行政规范性文件", formed_date=D(2024, 6, 1)) == ["规范性文件已满 2 年（成文于2024年06月01日，未清理过）"]
    assert reasons(genre="行政规范性文件", formed_date=D(2024, 6, 2)) == []
    assert reasons(legal_level="规范性文件", formed_date=D(2020, 1, 1), reviewed_on=D(2025, 1, 1)) == []
    assert reasons(genre="其他文件", formed_date=D(2000, 1, 1)) == []


def test_documents_no_longer_in_force_are_not_listed():
    assert reasons(validity="repealed", genre="行政规范性文件", formed_date=D(2000, 1, 1)) == []


def test_interpretation_due_uses_working_days():
    from workdays.seed import build_calendar

    cal = build_calendar()
    # published Friday 27 September 2024: 29 Sep is a make-up working day, then the National Day holiday
    due = review.interpretation_due(D(2024, 9, 27), 3, lambda d, n: cal.add_working_days(d, n).date)
    assert due == D(2024, 10, 8)


def test_split_authorities_of_joint_documents():
    assert review.split_authorities("国务院、中央军委") == ["国务院", "中央军委"]
    assert review.split_authorities("中共云南省委 云南省人民政府") == ["中共云南省委", "云南省人民政府"]
    assert review.lead_authority("中共云南省委办公厅 云南省人民政府办公厅印发《") == "中共云南省委办公厅"
    assert review.lead_authority(None) == "" and review.split_authorities("") == []
