"""Admin: relation checks in the edit form, link integrity on delete/unpublish, editor warnings."""
import datetime as dt

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db


def reload(page):
    return PolicyDocumentPage.objects.get(pk=page.pk)


def add_form(client, library):
    url = reverse("wagtailadmin_pages:add", args=("policies", "policydocumentpage", library.pk))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    return url, data


def edit_form(client, page):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    return url, data


def with_relations(data, relations):
    data["relations-TOTAL_FORMS"] = str(len(relations))
    data["relations-INITIAL_FORMS"] = "0"
    for i, (kind, target) in enumerate(relations):
        data[f"relations-{i}-kind"] = kind
        data[f"relations-{i}-target"] = str(target.pk)
        data[f"relations-{i}-ORDER"] = str(i + 1)
        data[f"relations-{i}-DELETE"] = ""
        data[f"relations-{i}-id"] = ""
    return data


def base_fields(data, title, slug="new-doc"):
    from cms_pages.models import OrganisationUnit

    data["title"] = title
    data["slug"] = slug
    data["formed_date"] = "2026-02-01"
    data["summary"] = f"{title}的内容概述"
    data["issuing_organisation"] = str(OrganisationUnit.objects.get(name="示范市人民政府").pk)
    return data


def test_admin_refuses_a_relation_to_a_draft_and_saves_nothing(client_for, library, make_policy):
    client = client_for("admin")
    draft = make_policy("尚未发布的旧办法", publish=False)
    url, data = add_form(client, library)
    data = with_relations(base_fields(data, "新办法"), [("repeals", draft)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "《尚未发布的旧办法》尚未发布（草稿）：只能关联已发布的文件" in response.content.decode()
    assert not PolicyDocumentPage.objects.filter(title="新办法").exists()


def test_admin_refuses_a_self_relation(client_for, doc):
    client = client_for("admin")
    page = doc("自己废止自己")
    url, data = edit_form(client, page)
    data = with_relations(data, [("repeals", page)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "文件不能废止自身" in response.content.decode()
    assert not reload(page).relations.exists()


def test_admin_refuses_a_cycle(client_for, doc, newer):
    client = client_for("admin")
    old = doc("甲办法")
    new = newer("乙办法", [("amends", old)])
    url, data = edit_form(client, old)
    data = with_relations(data, [("repeals", new)])
    response = client.post(url, data)
    assert "关系形成循环" in response.content.decode()
    assert reload(old).validity == "amended"


def test_admin_publish_with_a_repeal_relation_flips_the_old_document(client_for, library, doc, users):
    from governance.testing import publish_through_workflow

    client = client_for("admin")
    old = doc("旧物业管理办法")
    url, data = add_form(client, library)
    data = with_relations(base_fields(data, "新物业管理条例"), [("repeals", old)])
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302
    new = PolicyDocumentPage.objects.get(title="新物业管理条例")
    assert not new.live and reload(old).validity == "in_force"  # 发布 without review only saves a draft
    publish_through_workflow(new, submitted_by=users["admin"])
    assert reload(old).validity == "repealed"


def _request_form(client, page, kind):
    return reverse("governance_admin:request_create", args=(page.pk, kind))


@pytest.mark.parametrize("kind", ["delete", "unpublish"])
def test_withdrawing_a_referenced_document_lists_the_references_and_needs_confirmation(
        client_for, doc, newer, kind):
    from governance.models import ChangeRequest

    old = doc("被废止的旧办法")
    newer("新办法", [("repeals", old)])
    client = client_for("editor")
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=(old.pk,))).content.decode()
    assert _request_form(client, old, kind) in edit_page  # the 申请撤回/申请删除 buttons
    html = client.get(_request_form(client, old, kind)).content.decode()
    assert "本文件被废止：《新办法》仍在公开" in html
    response = client.post(_request_form(client, old, kind), {"reason": "文件已被废止"})
    assert response.status_code == 200 and "请先核对上述提示并勾选确认" in response.content.decode()
    assert not ChangeRequest.objects.exists()
    response = client.post(_request_form(client, old, kind), {"reason": "文件已被废止", "confirm_warnings": "on"})
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert request.kind == kind and request.page_id == old.pk
    assert reload(old).live  # only a request: the 签发人 decides


def test_unreferenced_documents_need_no_confirmation(client_for, doc):
    client = client_for("editor")
    page = doc("无关联文件")
    html = client.get(_request_form(client, page, "unpublish")).content.decode()
    assert "请注意" not in html and "confirm_warnings" not in html


def test_editor_is_warned_about_unparsed_number_and_date_order(client_for, doc):
    client = client_for("admin")
    page = doc("文号有误的文件")
    url, data = edit_form(client, page)
    data["doc_number"] = "示政发2026第"
    data["formed_date"] = "2026-03-01"
    data["effective_date"] = "2026-01-01"
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "无法识别，已按原样保存并标记待核对" in html
    assert "施行日期早于成文日期，请核对" in html
    draft = reload(page).get_latest_revision_as_object()
    assert draft.doc_number == "示政发2026第" and draft.doc_number_unparsed


def test_override_needs_a_basis(client_for, doc, users):
    client = client_for("admin")
    page = doc("需要认定的文件")
    url, data = edit_form(client, page)
    data["validity_override"] = "repealed"
    data["validity_override_basis"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "必须填写依据" in response.content.decode()
    data["validity_override_basis"] = "市政府第5次常务会议决定废止"
    assert client.post(url, data).status_code == 302
    from governance.testing import publish_through_workflow

    page = publish_through_workflow(page, submitted_by=users["admin"])
    assert page.validity == "repealed" and page.validity_changed_on == dt.date.today()
    assert page.validity_basis == "市政府第5次常务会议决定废止"
