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
    data["title"] = title
    data["slug"] = slug
    data["formed_date"] = "2026-02-01"
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


def test_admin_publish_with_a_repeal_relation_flips_the_old_document(client_for, library, doc):
    client = client_for("admin")
    old = doc("旧物业管理办法")
    url, data = add_form(client, library)
    data = with_relations(base_fields(data, "新物业管理条例"), [("repeals", old)])
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302
    assert reload(old).validity == "repealed"


def test_delete_of_a_referenced_document_needs_confirmation(client_for, doc, newer):
    client = client_for("admin")
    old = doc("被废止的旧办法")
    newer("新办法", [("repeals", old)])
    url = reverse("wagtailadmin_pages:delete", args=(old.pk,))
    response = client.get(url)
    assert response.status_code == 409
    html = response.content.decode()
    assert "被以下已发布的内容引用" in html and "新办法" in html
    assert client.post(url).status_code == 409
    assert PolicyDocumentPage.objects.filter(pk=old.pk).exists()
    assert client.get(url + "?confirm_relations=1").status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not PolicyDocumentPage.objects.filter(pk=old.pk).exists()


def test_unpublish_of_a_referenced_document_needs_confirmation(client_for, doc, newer):
    client = client_for("admin")
    old = doc("被修订的旧办法")
    newer("修订决定", [("amends", old)])
    url = reverse("wagtailadmin_pages:unpublish", args=(old.pk,))
    response = client.post(url)
    assert response.status_code == 409 and "修订决定" in response.content.decode()
    assert reload(old).live
    response = client.post(url, {"confirm_relations": "1"})
    assert response.status_code == 302
    assert not reload(old).live


def test_unreferenced_documents_delete_normally(client_for, doc):
    client = client_for("admin")
    page = doc("无关联文件")
    assert client.get(reverse("wagtailadmin_pages:delete", args=(page.pk,))).status_code == 200


def test_bulk_delete_of_a_referenced_document_is_blocked(client_for, doc, newer, library):
    client = client_for("admin")
    old = doc("旧办法")
    newer("新办法", [("repeals", old)])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?id={old.pk}&next=/admin/"
    response = client.post(url)
    assert response.status_code == 409
    assert PolicyDocumentPage.objects.filter(pk=old.pk).exists()


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


def test_override_needs_a_basis(client_for, doc):
    client = client_for("admin")
    page = doc("需要认定的文件")
    url, data = edit_form(client, page)
    data["validity_override"] = "repealed"
    data["validity_override_basis"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "必须填写依据" in response.content.decode()
    data["validity_override_basis"] = "市政府第5次常务会议决定废止"
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302
    page = reload(page)
    assert page.validity == "repealed" and page.validity_changed_on == dt.date.today()
    assert page.validity_basis == "市政府第5次常务会议决定废止"
