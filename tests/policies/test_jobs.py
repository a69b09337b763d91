"""The daily job: date-driven validity changes, audit log and re-indexing."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from policies.effects import LOG_ACTION, update_policy_validity
from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def reload(page):
    return PolicyDocumentPage.objects.get(pk=page.pk)


def test_not_yet_effective_becomes_in_force_on_its_effective_date(doc, monkeypatch, django_capture_on_commit_callbacks):
    indexed = []
    monkeypatch.setattr("search.indexing.index_pages", lambda pages: indexed.extend(p.pk for p in pages))
    start = TODAY + dt.timedelta(days=10)
    page = doc("下月施行的办法", effective_date=start)
    assert page.validity == "not_yet_effective"
    assert update_policy_validity(start - dt.timedelta(days=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        changed = update_policy_validity(start)
    assert [p.pk for p in changed] == [page.pk]
    page = reload(page)
    assert page.validity == "in_force" and page.validity_changed_on == start
    entry = PageLogEntry.objects.get(page=page, action=LOG_ACTION)
    assert entry.data["from_label"] == "尚未生效" and entry.data["to_label"] == "现行有效"
    assert page.pk in indexed


def test_fixed_term_document_lapses_the_day_after_its_expiry(doc):
    end = TODAY + dt.timedelta(days=5)
    page = doc("有效期五天的通知", effective_date=TODAY - dt.timedelta(days=30), expiry_date=end)
    update_policy_validity(end)
    assert reload(page).validity == "in_force"
    update_policy_validity(end + dt.timedelta(days=1))
    page = reload(page)
    assert page.validity == "lapsed" and page.validity_changed_on == end + dt.timedelta(days=1)
    assert "已届满" in page.validity_basis


def test_job_is_idempotent_and_leaves_recorded_decisions_alone(doc):
    lapsed = doc("档案标为已失效", validity_override="lapsed", validity_override_basis="档案记录为“已失效”")
    in_force = doc("现行文件")
    assert update_policy_validity() == []
    assert update_policy_validity() == []
    assert reload(lapsed).validity == "lapsed" and reload(in_force).validity == "in_force"


def test_management_command(doc):
    start = TODAY + dt.timedelta(days=3)
    doc("三天后施行", effective_date=start)
    out = StringIO()
    call_command("update_policy_validity", "--date", start.isoformat(), stdout=out)
    assert "三天后施行" in out.getvalue() and "有效性已更新：1 份文件" in out.getvalue()
    with pytest.raises(CommandError, match="日期格式无效"):
        call_command("update_policy_validity", "--date", "2026/01/01")
