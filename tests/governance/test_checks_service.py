"""Seeded personal data, banned wording, dead links and missing metadata are caught
on submission with their positions — in the body and in every kind of attachment."""
import io

import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # valid check digit
MOBILE = "13812345678"
BANK_CARD = "6222021234567890128"  # valid Luhn


def _pdf(text):
    """A one-page PDF with ``text`` (ASCII) in its text layer."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _xlsx(rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "低保名单"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx(paragraphs):
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _attach(page, name, data, label=""):
    from wagtail.documents.models import Document

    from cms_pages.models import GovernmentPageAttachment

    doc = Document.objects.create(title=label or name, file=ContentFile(data, name=name))
    page.attachments.add(GovernmentPageAttachment(document=doc, label=label))
    return doc


def _run(page):
    from governance.services.checks import run_checks

    revision = page.save_revision()
    return run_checks(revision.as_object(), revision=revision)


def _by(run, check):
    return [f for f in run.findings if f["check"] == check]


def test_personal_data_in_body_with_positions(make_draft):
    body = f"<p>公示名单如下：</p><p>张三，身份证 {ID_NUMBER}，手机 {MOBILE}，银行卡 {BANK_CARD}</p>"
    page = make_draft(body=body)
    run = _run(page)
    ids = _by(run, "pii.id_number")
    assert len(ids) == 1
    f = ids[0]
    from governance.checks.html_text import html_to_text

    text, _ = html_to_text(body)
    assert text[f["start"]:f["end"]] == ID_NUMBER
    assert f["line"] == 2 and f["field"] == "body" and f["where"].startswith("正文第2行第")
    assert ID_NUMBER not in f["excerpt"] and f["suggestion"] == "11*************02X"
    assert _by(run, "pii.mobile")[0]["suggestion"] == "138****5678"
    assert _by(run, "pii.bank_card")
    assert run.error_count >= 3


def test_personal_data_in_every_attachment_format(make_draft):
    page = make_draft()
    _attach(page, "mingdan.xlsx", _xlsx([["姓名", "身份证号", "电话"], ["李四", ID_NUMBER, MOBILE]]), "低保名单")
    _attach(page, "gongshi.docx", _docx(["公示说明", f"联系人电话：{MOBILE}"]), "公示说明")
    _attach(page, "fujian.pdf", _pdf(f"ID {ID_NUMBER}"), "扫描版附件")
    _attach(page, "liebiao.txt", f"第一行\n银行卡 {BANK_CARD}\n".encode("gb18030"), "文本名单")
    _attach(page, "old.xls", b"\xd0\xcf\x11\xe0 legacy", "旧格式表格")
    run = _run(page)
    where = {f["where"] for f in run.findings if f["check"].startswith("pii.")}
    assert any(w.startswith("附件“低保名单”工作表“低保名单”B2单元格") for w in where), where
    assert any(w.startswith("附件“低保名单”工作表“低保名单”C2单元格") for w in where), where
    assert any(w.startswith("附件“公示说明”第2段") for w in where), where
    assert any(w.startswith("附件“扫描版附件”第1页") for w in where), where
    assert any(w.startswith("附件“文本名单”第2行") for w in where), where
    unreadable = _by(run, "attachments.unreadable")
    assert unreadable and unreadable[0]["severity"] == "warning" and "旧格式表格" in unreadable[0]["message"]


def test_scanned_pdf_without_text_asks_for_a_human(make_draft):
    page = make_draft()
    _attach(page, "scan.pdf", _pdf(""), "扫描件")
    run = _run(page)
    assert any("扫描件" in f["message"] for f in _by(run, "attachments.unreadable"))


def test_banned_and_outdated_wording_from_the_admin_word_list(make_draft, governance):
    from governance.models import WordingRuleEntry

    WordingRuleEntry.objects.create(pattern="最高级", kind="banned", note="广告法禁用")
    page = make_draft(title="国家计委关于某事的通知", body="<p>本项目达到最高级水平。</p>")
    run = _run(page)
    banned = _by(run, "wording.banned")
    assert banned and banned[0]["field"] == "body" and banned[0]["severity"] == "error"
    assert "【最高级】" in banned[0]["excerpt"]
    outdated = _by(run, "wording.outdated")
    assert outdated and outdated[0]["field"] == "title" and outdated[0]["start"] == 0
    assert outdated[0]["severity"] == "warning" and "国家发展改革委" in outdated[0]["message"]
    # switching an entry off in the admin switches the check off
    WordingRuleEntry.objects.filter(pattern="最高级").update(active=False)
    assert not _by(_run(page), "wording.banned")


def test_dead_and_unpublished_internal_links(make_draft, make_policy, site_tree):
    live = make_policy(title="有效的政策", slug="youxiao")
    draft = make_draft(title="未发布的政策", slug="weifabu")
    gone = make_policy(title="将被删除的政策", slug="shanchu")
    gone_id = gone.pk
    gone.delete()
    body = (
        f'<p>参见<a linktype="page" id="{live.pk}">有效的政策</a>、'
        f'<a linktype="page" id="{draft.pk}">未发布的政策</a>。</p>'
        f'<p>旧链接<a linktype="page" id="{gone_id}">已删除的政策</a>，'
        f'<a href="/zcwjk/bucunzai/">不存在的地址</a>，<a href="/zcwjk/youxiao/">有效地址</a>，'
        f'<a linktype="document" id="99999">丢失的附件</a></p>'
    )
    page = make_draft(title="含链接的文件", body=body)
    run = _run(page)
    found = {(f["check"], f["where"].split("第")[1] if "第" in f["where"] else "") for f in run.findings
             if f["check"].startswith("links.")}
    messages = [f["message"] for f in run.findings if f["check"].startswith("links.")]
    assert len([f for f in run.findings if f["check"] == "links.missing"]) == 3, messages
    unpublished = _by(run, "links.unpublished")
    assert len(unpublished) == 1 and "未发布的政策" in unpublished[0]["message"]
    assert unpublished[0]["line"] == 1 and unpublished[0]["severity"] == "error"
    assert not any("有效" in m for m in messages), found


def test_missing_required_metadata(make_draft, governance):
    page = make_draft(summary="", issuing_organisation=None, topic=None)
    run = _run(page)
    missing = {f["field"]: f["severity"] for f in _by(run, "metadata.missing")}
    assert missing == {"summary": "error", "issuing_organisation": "error", "topic": "warning"}


def test_clean_page_has_no_findings(make_draft, governance):
    run = _run(make_draft(body="<p>依法做好政务公开工作。</p>"))
    assert run.findings == [] and run.summary().endswith("未发现问题")


def test_manual_check_screen_shows_positions(make_draft, client_for, governance):
    page = make_draft(summary=f"电话 {MOBILE}")
    html = client_for("editor").get(f"/admin/governance/checks/{page.pk}/").content.decode()
    assert "内容概述第1行第4字" in html and MOBILE not in html


def test_automatic_masking_of_body_personal_data(make_draft, client_for, governance):
    page = make_draft(summary=f"联系电话 {MOBILE}", body=f"<p>身份证 {ID_NUMBER}</p>")
    c = client_for("editor")
    c.post(f"/admin/governance/checks/{page.pk}/", {"action": "mask"})
    latest = type(page).objects.get(pk=page.pk).get_latest_revision().as_object()
    assert latest.summary == "联系电话 138****5678"
    assert "11*************02X" in latest.body and ID_NUMBER not in latest.body
    assert not _by(_run(latest), "pii.mobile")


def test_recorded_legal_basis_turns_personal_data_errors_into_warnings(make_draft, client_for, review, governance):
    page = make_draft(summary=f"违法失信当事人：王五，身份证 {ID_NUMBER}")
    client_for("editor").post(f"/admin/governance/checks/{page.pk}/", {
        "action": "basis", "basis": "punishment", "note": "《失信被执行人名单公布办法》第六条"})
    state = review.submit(page)
    assert review.current(page).task.name == "初审"  # not sent back
    run = _run(type(page).objects.get(pk=page.pk))
    finding = _by(run, "pii.id_number")[0]
    assert finding["severity"] == "warning" and "惩戒公示" in finding["message"]
    assert state
