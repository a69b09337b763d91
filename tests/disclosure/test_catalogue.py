"""Proactive disclosure: 索引号 assigned once at first publication inside the publishing
transaction, never changed or reused; the catalogue browsable by facets; 指南/制度 pages."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from disclosure.models import DisclosureItemPage, DisclosureSettings, IndexNumberCounter
from disclosure import index_number as idx

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(site_tree):
    from cms_pages.models import OrganisationUnit

    return OrganisationUnit.objects.get(name="示范市人民政府")  # code 000014349


@pytest.fixture
def make_item(site_tree, org):
    def make(title="关于示范市2026年财政预算的公开", publish=True, **fields):
        fields.setdefault("issuing_organisation", org)
        page = DisclosureItemPage(title=title, live=False, **fields)
        site_tree["disclosure"].add_child(instance=page)
        rev = page.save_revision()
        if publish:
            rev.publish()
        return DisclosureItemPage.objects.get(pk=page.pk)

    return make


def test_search_type_key():
    assert DisclosureItemPage.search_type_key == "disclosure"


def test_draft_has_no_index_number_and_first_publication_assigns_one(make_item):
    draft = make_item(publish=False)
    assert draft.index_number is None
    draft.save_revision().publish()
    page = DisclosureItemPage.objects.get(pk=draft.pk)
    year = page.published_date.year
    assert page.index_number == f"000014349/{year}-00001"
    assert idx.validate(page.index_number).serial == 1
    assert page.index_number_assigned_at is not None


def test_index_number_never_changes_on_edit_reclassification_unpublish_or_old_revision(make_item, site_tree):
    from cms_pages.models import OrganisationUnit

    OrganisationUnit.objects.filter(name="示范市财政局").update(code="11330100002493020M")
    page = make_item()
    number = page.index_number
    first_rev = page.live_revision
    page.title = "改名后的标题"
    page.issuing_organisation = OrganisationUnit.objects.get(name="示范市财政局")
    page.save_revision().publish()
    page = DisclosureItemPage.objects.get(pk=page.pk)
    assert page.index_number == number
    page.unpublish()
    page = DisclosureItemPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    first_rev.publish()  # restoring a revision made before the number existed
    assert DisclosureItemPage.objects.get(pk=page.pk).index_number == number
    # forging a different number through save() is ignored
    page = DisclosureItemPage.objects.get(pk=page.pk)
    page.index_number = "000014349/2020-99999"
    page.save()
    assert DisclosureItemPage.objects.get(pk=page.pk).index_number == number


def test_serials_count_per_org_and_are_never_reused(make_item, site_tree):
    from cms_pages.models import OrganisationUnit

    # the demo seed's credit codes have wrong check characters; use a valid one
    OrganisationUnit.objects.filter(name="示范市财政局").update(code="11330100002493020M")

    a = make_item("一")
    b = make_item("二")
    c = make_item("三", issuing_organisation=OrganisationUnit.objects.get(name="示范市财政局"))
    assert a.index_number.endswith("-00001") and b.index_number.endswith("-00002")
    assert c.index_number.startswith("11330100002493020M/") and c.index_number.endswith("-00001")
    b.delete()
    d = make_item("四")
    assert d.index_number.endswith("-00003")  # 00002 is never reused
    assert IndexNumberCounter.objects.get(org_code="000014349").last_serial == 3


def test_copy_gets_its_own_number_when_published(make_item, site_tree):
    page = make_item()
    copy = page.copy(update_attrs={"slug": "copy-of-item", "title": "副本"}, keep_live=False)
    copy = DisclosureItemPage.objects.get(pk=copy.pk)
    assert copy.index_number is None
    copy.save_revision().publish()
    copy = DisclosureItemPage.objects.get(pk=copy.pk)
    assert copy.index_number and copy.index_number != page.index_number


def test_database_enforces_uniqueness(make_item):
    a = make_item("一")
    b = make_item("二")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItemPage.objects.filter(pk=b.pk).update(index_number=a.index_number)


def test_configurable_template_per_site(make_item, site_tree):
    from wagtail.models import Site

    s = DisclosureSettings.for_site(Site.objects.get(is_default_site=True))
    s.index_number_template = "{org}-{class}-{year}-{serial:4}"
    s.save()
    page = make_item(class_code="01")
    assert page.index_number == f"000014349-01-{page.published_date.year}-0001"


def test_missing_org_code_refuses_publication_with_a_reason(make_item, site_tree):
    from django.core.exceptions import ValidationError

    from cms_pages.models import OrganisationUnit

    unit = OrganisationUnit.objects.create(name="无代码单位")
    page = DisclosureItemPage(title="无代码", issuing_organisation=unit)
    with pytest.raises(ValidationError, match="机构代码"):
        page.full_clean()


def test_catalogue_browsable_by_topic_org_year_and_art20(make_item, site_tree, client):
    from cms_pages.models import OrganisationUnit, TopicCategory

    topic = TopicCategory.from_path("财政、金融、审计\\财政")
    make_item("预算公开", topic=topic, art20_category="20-7", formed_date=dt.date(2026, 1, 5), summary="预算概述")
    make_item("招考公告", art20_category="20-14")
    url = site_tree["disclosure"].url
    body = client.get(url).content.decode()
    assert "预算公开" in body and "招考公告" in body and "政府信息公开目录" in body
    assert "第二十条第（七）项 财政预算、决算信息" in body
    r = client.get(url, {"category": "20-7"}).content.decode()
    assert "预算公开" in r and "招考公告" not in r
    r = client.get(url, {"topic": topic.parent_id}).content.decode()
    assert "预算公开" in r and "招考公告" not in r
    other = OrganisationUnit.objects.get(name="示范市人民政府办公室")
    OrganisationUnit.objects.filter(pk=other.pk).update(code="000014357")
    make_item("办公室信息", issuing_organisation=OrganisationUnit.objects.get(pk=other.pk))
    r = client.get(url, {"org": other.pk}).content.decode()
    assert "办公室信息" in r and "预算公开" not in r
    r = client.get(url, {"year": "1999"}).content.decode()
    assert "暂无目录信息" in r
    r = client.get(url, {"topic": "abc", "org": "<script>", "page": "999"})
    assert r.status_code == 200
    item = DisclosureItemPage.objects.get(title="预算公开")
    detail = client.get(item.url).content.decode()
    assert item.index_number in detail and "2026年01月05日" in detail and "主动公开" in detail


def test_guide_and_rules_pages_and_feed(site_tree, client, make_item):
    from disclosure.models import DisclosureGuidePage, DisclosureRulesPage

    idx_page = site_tree["disclosure"]
    guide = DisclosureGuidePage(title="政府信息公开指南", office_name="示范市人民政府办公室", office_hours="工作日 9:00-17:00")
    idx_page.add_child(instance=guide)
    guide.save_revision().publish()
    rules = DisclosureRulesPage(title="政府信息公开保密审查制度", body="<p>先审后发</p>")
    idx_page.add_child(instance=rules)
    rules.save_revision().publish()
    body = client.get(guide.url).content.decode()
    assert "0571-12345678" in body and "示范市人民路1号" in body and "工作日 9:00-17:00" in body
    assert "先审后发" in client.get(rules.url).content.decode()
    index_body = client.get(idx_page.url).content.decode()
    assert "政府信息公开指南" in index_body and "政府信息公开保密审查制度" in index_body
    make_item("订阅测试")
    feed = client.get("/disclosure/feed/")
    assert feed.status_code == 200 and "订阅测试" in feed.content.decode()


def test_archive_import_keeps_given_numbers_and_numbers_the_rest(site_tree, tmp_path):
    import json

    from cms_pages.importing import import_archive

    year = 2024
    records = [
        {"external_id": "dis-1", "type": "disclosure", "title": "旧目录条目", "issuing_authority": "示范市人民政府",
         "written_date": "2024-03-01", "published_date": "2024-03-05", "index_number": "000014349/2024-00001",
         "topic": "综合政务\\政务公开", "validity": "现行有效"},
        {"external_id": "dis-2", "type": "disclosure", "title": "无索引号的旧条目", "issuing_authority": "示范市人民政府",
         "written_date": "2024-04-01", "published_date": "2024-04-02"},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    summary = import_archive([str(path)])
    assert summary.created == 2, summary.skipped_by_reason()
    a = DisclosureItemPage.objects.get(external_id="dis-1")
    b = DisclosureItemPage.objects.get(external_id="dis-2")
    assert a.index_number == "000014349/2024-00001" and a.topic.path == "综合政务\\政务公开" and a.validity == "有效"
    assert b.index_number == f"000014349/{year}-00002"  # the kept number is skipped, never duplicated
    assert import_archive([str(path)]).unchanged == 2


def test_publishing_through_the_admin_editor_assigns_the_number(site_tree, client_for, org):
    from wagtail.test.utils.form_data import rich_text

    c = client_for("admin")
    parent = site_tree["disclosure"]
    url = f"/admin/pages/add/disclosure/disclosureitempage/{parent.pk}/"
    assert c.get(url).status_code == 200
    form = {
        "title": "编辑器发布的目录信息", "slug": "editor-item", "summary": "概述", "body": rich_text("<p>正文</p>"),
        "issuing_organisation": org.pk, "formed_date": "2026-01-05", "topic": "", "keywords": "",
        "doc_number": "", "genre": "其他文件", "disclosure_mode": "主动公开", "disclosure_scope": "面向社会",
        "validity": "有效", "art20_category": "20-7", "class_code": "", "statutory_days": "", "statutory_basis": "",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000", "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000",
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "", "published_date": "",
    }
    r = c.post(url, form)  # save draft
    assert r.status_code == 302, r.content.decode()[:3000]
    page = DisclosureItemPage.objects.get(slug="editor-item")
    assert page.index_number is None and not page.live
    # Governed content is published by its review workflow (issue 9): the editor submits
    # from the admin editor; the reviewers' approvals publish it.
    from django.contrib.auth.models import User

    from governance.setup import ensure_governance
    from governance.testing import publish_through_workflow

    ensure_governance()
    r = client_for("editor").post(f"/admin/pages/{page.pk}/edit/", {**form, "action-submit": "action-submit"})
    assert r.status_code == 302, r.content.decode()[:3000]
    page = publish_through_workflow(page, submitted_by=User.objects.get(username="editor"))
    assert page.live and page.index_number == f"000014349/{page.published_date.year}-00001"
