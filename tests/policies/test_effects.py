"""Publishing, unpublishing and deleting a newer document changes the older one's validity."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry

from policies.effects import LOG_ACTION

pytestmark = pytest.mark.django_db


def reload(page):
    from policies.models import PolicyDocumentPage

    return PolicyDocumentPage.objects.get(pk=page.pk)


def test_publishing_a_repealing_document_repeals_the_old_one_with_a_log_entry(doc, newer, users):
    old = doc("示范市物业管理办法", doc_number="示政发〔2020〕3号")
    assert old.validity == "in_force"
    from governance.testing import publish_through_workflow

    new = newer("示范市物业管理条例", [("repeals", old)], doc_number="示政发〔2026〕1号", user=users["editor"],
                publish=False, summary="物业管理条例", issuing_organisation=old.issuing_organisation)
    new = publish_through_workflow(new, submitted_by=users["editor"])
    old = reload(old)
    assert old.validity == "repealed"
    assert old.validity_cause_id == new.pk
    assert old.validity_basis == "被《示范市物业管理条例》（示政发〔2026〕1号）废止"
    assert old.validity_changed_on == new.published_date
    entry = PageLogEntry.objects.get(page=old, action=LOG_ACTION)
    assert entry.data["cause_id"] == new.pk and entry.data["to_label"] == "已废止"
    assert entry.user == users["editor"]  # Wagtail records the publication under the submitter
    assert "原因：《示范市物业管理条例》（示政发〔2026〕1号）" in entry.message


def test_a_draft_with_a_repeal_relation_changes_nothing(doc, newer):
    old = doc("旧办法")
    newer("新办法（草稿）", [("repeals", old)], publish=False)
    assert reload(old).validity == "in_force"
    assert not PageLogEntry.objects.filter(page=old, action=LOG_ACTION).exists()


def test_repeal_takes_effect_on_the_newer_documents_effective_date(doc, newer):
    old = doc("旧办法")
    future = dt.date.today() + dt.timedelta(days=30)
    newer("新办法", [("repeals", old)], effective_date=future)
    old = reload(old)
    assert old.validity == "in_force"
    from policies.effects import update_policy_validity

    update_policy_validity(future)
    assert reload(old).validity == "repealed"
    assert reload(old).validity_changed_on == future


def test_amending_gives_amended_and_the_old_page_lists_every_amending_document(doc, newer, client):
    old = doc("示范条例")
    first = newer("关于修改《示范条例》的决定", [("amends", old)])
    second = newer("关于再次修改《示范条例》的决定", [("amends", old)])
    old = reload(old)
    assert old.validity == "amended"
    html = client.get(old.url).content.decode()
    assert "本文件已被修订" in html
    assert first.title in html and second.title in html


def test_removing_the_relation_and_republishing_restores_the_old_state(doc, newer):
    old = doc("旧办法")
    new = newer("新办法", [("repeals", old)])
    assert reload(old).validity == "repealed"
    draft = new.get_latest_revision_as_object()
    draft.relations.clear()
    draft.save_revision().publish()
    old = reload(old)
    assert old.validity == "in_force"
    assert old.validity_cause_id is None
    assert PageLogEntry.objects.filter(page=old, action=LOG_ACTION).count() == 2


def test_unpublishing_or_deleting_the_newer_document_restores_the_old_state(doc, newer, django_capture_on_commit_callbacks):
    old = doc("旧办法")
    new = newer("新办法", [("repeals", old)])
    new.unpublish()
    assert reload(old).validity == "in_force"
    new.save_revision().publish()
    assert reload(old).validity == "repealed"
    with django_capture_on_commit_callbacks(execute=True):
        reload(new).delete()
    assert reload(old).validity == "in_force"


def test_self_relation_and_cycles_are_refused_on_save(doc, newer):
    from policies.models import PolicyRelation

    a = doc("甲")
    page = reload(a)
    page.relations.add(PolicyRelation(kind="repeals", target=page))
    with pytest.raises(ValidationError, match="不能废止自身"):
        page.save_revision()
    b = newer("乙", [("amends", a)])
    page = reload(a)
    page.relations.add(PolicyRelation(kind="repeals", target=b))
    with pytest.raises(ValidationError, match="关系形成循环"):
        page.save_revision()


def test_the_changed_old_document_is_reindexed(doc, newer, monkeypatch, django_capture_on_commit_callbacks):
    indexed = []
    monkeypatch.setattr("search.indexing.index_pages", lambda pages: indexed.extend(p.pk for p in pages))
    old = doc("旧办法")
    with django_capture_on_commit_callbacks(execute=True):
        newer("新办法", [("repeals", old)])
    assert old.pk in indexed


def test_replaced_document_banner_links_the_current_document(doc, newer, client):
    old = doc("旧版指南")
    new = newer("新版指南", [("replaces", old)], doc_number="示政办发〔2026〕9号")
    html = client.get(reload(old).url).content.decode()
    assert 'id="validity-banner"' in html
    assert "本文件已废止" in html
    assert f'href="{new.url}"' in html
    assert "请以上述现行文件为准" in html
    new_html = client.get(new.url).content.decode()
    assert "替代" in new_html and "旧版指南" in new_html
