"""Unit isolation of attachments over HTTP: the admin document library, its search, the document
chooser (listing, search, choose, upload), edit/delete/usage views, downloads, attaching another
unit's document to one's own item, and the image library should reporters get image rights.

``reporter`` reports for 示范市东城区人民政府 (unit A), ``reporter2`` for 示范市发展和改革委员会
(unit B); editors (admin, editor, reviewer) see every unit's documents."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

DOC_A = "东城区春耕统计表甲"
DOC_B = "发改委项目清单乙"
PUBLIC = "公开政策附件丙"


def upload(c, title, name, url="/admin/documents/add/"):
    from wagtail.models import Collection

    return c.post(url, {"title": title, "file": SimpleUploadedFile(name, "内容".encode()),
                        "collection": Collection.get_first_root_node().pk})


def doc(title):
    from wagtail.documents.models import Document

    found = Document.objects.filter(title=title).first()
    assert found is not None, f"{title} was not uploaded"
    return found


@pytest.fixture
def docs(info_site, reporter2, client_for, users, login):
    """Each reporter uploads through the admin; an editor uploads a public document."""
    from wagtail.documents.models import Document

    assert upload(login("reporter"), DOC_A, "a.txt").status_code in (200, 302)
    assert upload(login("reporter2"), DOC_B, "b.txt").status_code in (200, 302)
    assert upload(client_for("editor"), PUBLIC, "p.txt").status_code in (200, 302)
    return {t: doc(t) for t in (DOC_A, DOC_B, PUBLIC)}



def seen(response):
    text = response.content.decode()
    return {t for t in (DOC_A, DOC_B, PUBLIC) if t in text}


def test_uploads_land_in_the_units_collection(docs, unit_of):
    from info_reporting.attachments import unit_collection, unit_of_collection

    a_unit = unit_of("示范市东城区人民政府")
    b_unit = unit_of("示范市发展和改革委员会")
    assert docs[DOC_A].collection == unit_collection(a_unit)
    assert docs[DOC_B].collection == unit_collection(b_unit)
    assert unit_of_collection(docs[PUBLIC].collection) is None


def test_chooser_upload_lands_in_the_units_collection_even_if_root_is_posted(info_site, users, unit_of, login):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from info_reporting.attachments import unit_collection

    c = login("reporter")
    response = c.post("/admin/documents/chooser/create/", {
        "document-chooser-upload-title": "选择器上传件", "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        "document-chooser-upload-file": SimpleUploadedFile("c.txt", b"x"),
    })
    assert response.status_code == 200
    assert doc("选择器上传件").collection == unit_collection(unit_of("示范市东城区人民政府"))


LIBRARY = {
    # role: titles seen in the library, its search, the chooser and the chooser's search
    "admin": {DOC_A, DOC_B, PUBLIC},
    "editor": {DOC_A, DOC_B, PUBLIC},
    "reviewer": {DOC_A, DOC_B, PUBLIC},
    "reporter": {DOC_A},
    "reporter2": {DOC_B},
    "reader": set(),
}


@pytest.mark.parametrize("role", list(LIBRARY))
def test_library_search_and_chooser_show_only_the_own_units_documents(role, docs, users, login):
    c = login(role)
    wrong = {}
    for url in (
        "/admin/documents/", "/admin/documents/results/",
        "/admin/documents/?q=表", "/admin/documents/?q=清单", "/admin/documents/?q=附件",
        "/admin/documents/results/?q=东城区", "/admin/documents/results/?q=发改委",
        "/admin/documents/chooser/", "/admin/documents/chooser/results/",
        "/admin/documents/chooser/results/?q=东城区", "/admin/documents/chooser/results/?q=发改委",
        "/admin/documents/chooser/results/?q=公开",
        "/admin/documents/multiple/add/",
    ):
        response = c.get(url)
        titles = seen(response) if response.status_code == 200 else set()
        if not titles <= LIBRARY[role]:
            wrong[url] = titles
    assert wrong == {}, role
    if LIBRARY[role]:
        assert seen(c.get("/admin/documents/")) == LIBRARY[role]


OWN = {"reporter": DOC_A, "reporter2": DOC_B}


@pytest.mark.parametrize("role", ["reporter", "reporter2", "reader"])
def test_other_units_documents_cannot_be_chosen_edited_deleted_downloaded(role, docs, users, login):
    c = login(role)
    for title, doc in docs.items():
        if OWN.get(role) == title:
            continue
        for url in (f"/admin/documents/edit/{doc.pk}/", f"/admin/documents/delete/{doc.pk}/",
                    f"/admin/documents/usage/{doc.pk}/", f"/admin/documents/chooser/chosen/{doc.pk}/"):
            response = c.get(url)
            assert response.status_code in (302, 403, 404), (url, role, response.status_code)
            assert title not in response.content.decode(), (url, role)
        response = c.post(f"/admin/documents/edit/{doc.pk}/", {"title": "改名", "file": ""})
        assert response.status_code in (302, 403, 404)
        response = c.post(f"/admin/documents/delete/{doc.pk}/")
        assert response.status_code in (302, 403, 404)
        doc.refresh_from_db()
        assert doc.title == title
        if title != PUBLIC:
            assert c.get(doc.url).status_code == 404, (title, role)


@pytest.mark.parametrize("role", ["reporter", "reporter2"])
def test_reporters_keep_full_use_of_their_own_documents(role, docs, users, login):
    c = login(role)
    doc = docs[OWN[role]]
    for url in (f"/admin/documents/edit/{doc.pk}/", f"/admin/documents/chooser/chosen/{doc.pk}/", doc.url):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer"])
def test_information_editors_see_choose_and_download_every_units_documents(role, docs, users, login):
    c = login(role)
    for doc in docs.values():
        assert c.get(f"/admin/documents/chooser/chosen/{doc.pk}/").status_code == 200
        assert c.get(doc.url).status_code == 200
        assert c.get(f"/admin/documents/edit/{doc.pk}/").status_code == 200


def test_other_units_document_is_not_served_to_public_or_reader(docs, client, users, login):
    for doc in (docs[DOC_A], docs[DOC_B]):
        assert client.get(doc.url).status_code == 404
        assert login("reader").get(doc.url).status_code == 404
    assert client.get(docs[PUBLIC].url).status_code == 200


def _edit_post(c, item, document_ids):
    """POST the item's edit form (save draft) with the given attachments."""
    response = c.get(f"/admin/pages/{item.pk}/edit/")
    html = response.content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', html):
        data.setdefault(name, value)
    data.update({
        "title": item.title, "body": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"正文","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "reporting_unit": item.reporting_unit_id, "writer": "张三", "contact": "0571-87000000",
        "category": "动态", "urgency": "normal", "slug": item.slug,
        "attachments-TOTAL_FORMS": str(len(document_ids)), "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    })
    for i, pk in enumerate(document_ids):
        data.update({f"attachments-{i}-document": pk, f"attachments-{i}-label": "", f"attachments-{i}-ORDER": str(i + 1),
                     f"attachments-{i}-id": "", f"attachments-{i}-DELETE": ""})
    return c.post(f"/admin/pages/{item.pk}/edit/", data)


def test_reporter_cannot_attach_another_units_document_to_own_item(docs, make_item, users, login):
    item = make_item("东城区附件测试")
    c = login("reporter")
    response = _edit_post(c, item, [docs[DOC_B].pk])
    assert response.status_code == 200
    assert "不是本单位的文件" in response.content.decode()
    assert item.get_latest_revision().content.get("attachments") in (None, [])
    assert c.get(docs[DOC_B].url).status_code == 404
    # the own document is accepted
    response = _edit_post(c, item, [docs[DOC_A].pk])
    assert response.status_code == 302, response.content.decode()[:2000]


def test_editor_upload_attached_to_an_item_is_filed_into_the_units_collection(docs, make_item, users, unit_of, login):
    from info_reporting.attachments import unit_collection

    item = make_item("东城区编辑上传附件")
    editor = login("editor")
    assert upload(editor, "编辑代传件", "e.txt").status_code in (200, 302)
    DOC = doc("编辑代传件")
    assert DOC.collection != unit_collection(unit_of("示范市东城区人民政府"))
    assert _edit_post(editor, item, [DOC.pk]).status_code == 302
    DOC.refresh_from_db()
    assert DOC.collection == unit_collection(unit_of("示范市东城区人民政府"))
    assert login("reporter").get(DOC.url).status_code == 200
    assert login("reporter2").get(DOC.url).status_code == 404
    assert "编辑代传件" in login("reporter").get("/admin/documents/").content.decode()
    assert "编辑代传件" not in login("reporter2").get("/admin/documents/").content.decode()


def test_setup_files_existing_attachments_of_items(info_site, make_item, users, unit_of):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from cms_pages.models import GovernmentPageAttachment
    from info_reporting.attachments import unit_collection
    from info_reporting.setup import ensure_info_reporting

    item = make_item("旧附件")
    doc = Document.objects.create(title="旧附件文件", file=ContentFile(b"x", name="old.txt"))
    GovernmentPageAttachment.objects.create(page=item, document=doc)
    ensure_info_reporting(info_site, rules=False)
    doc.refresh_from_db()
    assert doc.collection == unit_collection(unit_of("示范市东城区人民政府"))


def test_image_library_is_scoped_to_the_unit_if_reporters_get_image_rights(info_site, reporter2, users, unit_of, login):
    """Reporters have no image rights today; should they be granted on the root collection, each
    still sees only the own unit's images."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection, GroupCollectionPermission

    from info_reporting.attachments import unit_collection

    c1, c2 = login("reporter"), login("reporter2")
    assert c1.get("/admin/images/").status_code in (302, 403)
    group = Group.objects.get(name="报送员")
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group, collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename))
    c1, c2 = login("reporter"), login("reporter2")
    response = c1.post("/admin/images/add/", {"title": "东城区现场照片", "file": SimpleUploadedFile("photo.png", get_test_image_file().file.getvalue())})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    from wagtail.images.models import Image

    image = Image.objects.get(title="东城区现场照片")
    assert image.collection == unit_collection(unit_of("示范市东城区人民政府"))
    assert "东城区现场照片" in c1.get("/admin/images/").content.decode()
    for url in ("/admin/images/", "/admin/images/?q=东城区", "/admin/images/chooser/", "/admin/images/chooser/results/?q=东城区"):
        assert "东城区现场照片" not in c2.get(url).content.decode(), url
    assert c2.get(f"/admin/images/{image.pk}/").status_code in (302, 403, 404)
    assert c2.get(f"/admin/images/chooser/chosen/{image.pk}/").status_code in (302, 403, 404)
    assert c1.get(f"/admin/images/chooser/chosen/{image.pk}/").status_code == 200
