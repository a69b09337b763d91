"""The document upload form warns the editor at upload time about attachments whose text cannot
be extracted (search/forms.py), without ever refusing the upload."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

FORM_BASE = "search.forms.AttachmentCheckingDocumentForm"


def _encrypted_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret-password")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _root_collection():
    """The uploader's collection choice (there are several: 政务信息报送 keeps one per unit)."""
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_DOCUMENT_FORM_BASE=FORM_BASE)
def test_multiple_uploader_shows_the_warning_in_the_upload_response(client_for):
    from wagtail.documents import get_document_model

    from search.models import AttachmentText

    client = client_for("admin")
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "损坏的附件.pdf", "collection": _root_collection(),
         "files[]": SimpleUploadedFile("broken.pdf", b"%PDF-1.7 truncated")},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True  # never refused
    assert "无法被全文检索找到" in data["form"] and "损坏" in data["form"]
    document = get_document_model().objects.get(pk=data["doc_id"])
    assert AttachmentText.objects.get(document=document).status == "broken"


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_DOCUMENT_FORM_BASE=FORM_BASE)
def test_good_upload_has_no_warning(client_for, make_ofd):
    client = client_for("admin")
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "正常附件", "collection": _root_collection(),
         "files[]": SimpleUploadedFile("ok.ofd", make_ofd([[["正常的正文"]]]))},
    )
    data = response.json()
    assert data["success"] is True and "无法被全文检索找到" not in data["form"]


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_DOCUMENT_FORM_BASE=FORM_BASE)
def test_single_upload_form_checks_the_file_once_and_edit_view_shows_the_warning(client_for, monkeypatch):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from search import attachments
    from search.models import AttachmentText

    calls = []
    real = attachments.extract_bytes
    monkeypatch.setattr(attachments, "extract_bytes", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    client = client_for("admin")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "加密附件", "collection": Collection.get_first_root_node().pk,
         "file": SimpleUploadedFile("locked.pdf", _encrypted_pdf())},
    )
    assert response.status_code == 302  # saved, not refused
    document = get_document_model().objects.get(title="加密附件")
    assert AttachmentText.objects.get(document=document).status == "encrypted"
    assert len(calls) == 1  # the form's check is reused by the post-save extraction
    page = client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert "加密" in page.content.decode() and "无法被全文检索找到" in page.content.decode()


@pytest.mark.django_db
def test_form_check_never_raises_on_unreadable_upload():
    from search.forms import check_upload

    class Exploding:
        name = "x.pdf"

        def read(self, *a):
            raise OSError("disk gone")

    assert check_upload(Exploding()) == ("", None)
