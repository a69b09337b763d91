"""Attachment text: PDF/DOCX extraction, storage on upload, indexing with the page, and
warnings (never crashes) for broken or encrypted files."""
import io

import pytest


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "附表"
    table.rows[0].cells[1].text = "申请条件"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def encrypt_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt("secret-password")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.django_db
def test_pdf_text_is_extracted():
    from search.attachments import extract_bytes

    status, text, message = extract_bytes(make_pdf("Gongkai attachment 2024 budget"), "a.pdf")
    assert status == "ok" and "Gongkai attachment 2024 budget" in text and not message


@pytest.mark.django_db
def test_docx_text_is_extracted():
    from search.attachments import extract_bytes

    status, text, _ = extract_bytes(make_docx("住房租赁补贴实施细则正文"), "b.docx")
    assert status == "ok"
    assert "住房租赁补贴实施细则正文" in text and "申请条件" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, name, status",
    [
        (b"%PDF-1.4 this is not really a pdf", "broken.pdf", "broken"),
        (b"\x00\x01garbage", "broken.docx", "broken"),
        (b"PK\x03\x04not a docx", "zip.docx", "broken"),
        (b"", "empty.pdf", "broken"),
        (b"\xd0\xcf\x11\xe0 legacy word", "notes.doc", "unsupported"),
    ],
)
def test_broken_files_give_a_status_not_an_exception(data, name, status):
    from search.attachments import extract_bytes

    got, text, message = extract_bytes(data, name)
    assert got == status and text == ""
    if status != "unsupported":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.django_db
def test_encrypted_pdf_is_reported():
    from search.attachments import extract_bytes

    status, text, message = extract_bytes(encrypt_pdf(make_pdf("secret")), "locked.pdf")
    assert status == "encrypted" and text == "" and "加密" in message


def _upload(title, data, filename):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    document = Document(title=title)
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


@pytest.mark.django_db
def test_upload_stores_text_and_page_is_found_by_attachment_text(make_policy):
    from cms_pages.models.base import GovernmentPageAttachment
    from search.contract import ArchiveQuery
    from search.models import AttachmentText
    from search.service import archive_search

    document = _upload("细则", make_docx("申领住房租赁补贴须提交居住证明"), "rules.docx")
    assert AttachmentText.objects.get(document=document).status == "ok"

    page = make_policy(title="关于住房保障工作的通知", publish=False)
    GovernmentPageAttachment.objects.create(page=page, document=document, label="实施细则")
    page.save_revision().publish()

    result = archive_search(ArchiveQuery(text="居住证明"))
    assert [h.page_id for h in result.hits] == [page.pk]
    assert "<mark>居住证明</mark>" in result.hits[0].snippet


@pytest.mark.django_db
def test_replacing_the_file_reindexes_attaching_pages(make_policy):
    from cms_pages.models.base import GovernmentPageAttachment
    from search.contract import ArchiveQuery
    from search.service import archive_search
    from django.core.files.base import ContentFile

    document = _upload("细则", make_docx("第一版内容"), "v1.docx")
    page = make_policy(title="附件更新测试", publish=False)
    GovernmentPageAttachment.objects.create(page=page, document=document)
    page.save_revision().publish()
    document.file.save("v2.docx", ContentFile(make_docx("第二版补充条款")), save=False)
    document.save()
    assert archive_search(ArchiveQuery(text="第二版补充条款")).count == 1


@pytest.mark.django_db
def test_broken_attachment_never_breaks_upload_or_publish(make_policy):
    from cms_pages.models.base import GovernmentPageAttachment
    from search.attachments import attachment_problems
    from search.models import AttachmentText

    broken = _upload("坏文件", b"%PDF-1.7 truncated", "broken.pdf")
    locked = _upload("加密文件", encrypt_pdf(make_pdf("x")), "locked.pdf")
    assert AttachmentText.objects.get(document=broken).status == "broken"
    page = make_policy(title="含损坏附件的文件", publish=False)
    GovernmentPageAttachment.objects.create(page=page, document=broken, label="损坏的附件")
    GovernmentPageAttachment.objects.create(page=page, document=locked)
    page.save_revision().publish()
    problems = attachment_problems(page)
    assert len(problems) == 2
    assert "损坏的附件" in problems[0] and "加密" in problems[1]


@pytest.mark.django_db
def test_editor_sees_a_warning_after_saving(make_policy, client_for):
    from cms_pages.models.base import GovernmentPageAttachment

    broken = _upload("坏文件", b"%PDF-1.7 truncated", "broken.pdf")
    page = make_policy(title="编辑提醒测试")
    GovernmentPageAttachment.objects.create(page=page, document=broken, label="损坏的附件")
    from search.wagtail_hooks import _warn_attachment_problems
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    _warn_attachment_problems(request, page)
    texts = [str(m) for m in get_messages(request)]
    assert texts and "损坏的附件" in texts[0] and "无法被全文检索找到" in texts[0]


@pytest.mark.django_db
def test_ofd_text_is_extracted(make_ofd):
    from search.attachments import extract_bytes

    status, text, message = extract_bytes(make_ofd([[["不动产登记", "暂行条例"], ["实施细则"]]]), "c.ofd")
    assert status == "ok" and "不动产登记暂行条例" in text and not message


@pytest.mark.django_db
@pytest.mark.parametrize("encrypted, status", [(True, "encrypted"), (False, "broken")])
def test_broken_or_encrypted_ofd_gives_a_status(encrypted, status, make_ofd):
    from search.attachments import extract_bytes

    data = make_ofd([[["x"]]], encrypted=True) if encrypted else b"PK\x03\x04 cut off"
    got, text, message = extract_bytes(data, "d.ofd")
    assert got == status and text == "" and "OFD" in message


@pytest.mark.django_db
def test_uploaded_ofd_makes_the_page_findable(make_policy, make_ofd):
    from cms_pages.models.base import GovernmentPageAttachment
    from search.contract import ArchiveQuery
    from search.models import AttachmentText
    from search.service import archive_search

    document = _upload("版式文件", make_ofd([[["农村集体经营性", "建设用地入市"]]]), "rules.ofd")
    assert AttachmentText.objects.get(document=document).status == "ok"
    page = make_policy(title="关于土地管理的通知", publish=False)
    GovernmentPageAttachment.objects.create(page=page, document=document)
    page.save_revision().publish()
    result = archive_search(ArchiveQuery(text="建设用地入市"))
    assert [h.page_id for h in result.hits] == [page.pk]
