"""Personal-data check of a notice before submission (site_rules.md §4, notices.md §2.3 / §4).

Uses the shared detector ``governance.checks.pii`` (ID numbers with checksum, mobile numbers,
bank cards); this module only decides *what* text of a notice is scanned and how a finding's
place is described to the editor.

``notice_pii_findings(page)`` is the plain entry point the governance workflow can call: it
returns ``Finding`` objects whose ``field`` says where the text came from ("标题", "正文",
"附件《名单.pdf》第2页") and whose ``line`` is the paragraph (body) or line (attachments).
Errors block submission; warnings (suspicious numbers, attachments that cannot be read) need the
editor's confirmation.
"""
from __future__ import annotations

import re

from governance.checks import pii
from governance.checks.findings import Finding

from . import conf
from cms_pages.attachment_text import Unreadable, extract_sections, read_document

TITLE, SUMMARY, BODY = "标题", "内容概述", "正文"
CHECK_UNSCANNABLE = "pii.attachment_unscannable"


def body_text(html):
    """Plain text of rich text, one paragraph per line (so ``line`` = paragraph number)."""
    from cms_pages.text_format import to_plain_text

    text = to_plain_text(html or "")
    return "\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def scan_text(text, field):
    return pii.scan(text or "", field)


def document_name(document):
    return (document.file.name or document.title or "").rsplit("/", 1)[-1]


def attachment_findings(document, label=None):
    """Findings in one Wagtail document's text (or a warning when it cannot be read)."""
    name = label or document_name(document)
    field = f"附件《{name}》"
    try:
        sections = extract_sections(document_name(document), read_document(document),
                                    conf.get("ATTACHMENT_SCAN_MAX_CHARS"))
    except (Unreadable, OSError) as exc:
        reason = getattr(exc, "reason", None) or "附件文件无法打开"
        return [Finding(
            check=CHECK_UNSCANNABLE, severity="warning",
            message=f"{reason}：系统无法检查其中的个人信息，请人工确认已遮盖身份证号码、手机号码、银行卡号等，"
                    "或另存为可检查的 PDF、DOCX、XLSX 后重新上传",
            field=field, start=0, end=0, line=1, excerpt="",
        )]
    findings = []
    for section in sections:
        findings.extend(pii.scan(section.text, field + section.location))
    return findings


def collect_findings(*, title="", summary="", body_html="", documents=()):
    findings = scan_text(title, TITLE) + scan_text(summary, SUMMARY) + scan_text(body_text(body_html), BODY)
    for document in documents:
        findings.extend(attachment_findings(document))
    return findings


def notice_pii_findings(page):
    """All personal-data findings of a notice page: title, summary, body and every attachment."""
    documents = [a.document for a in page.attachments.all() if a.document_id]
    return collect_findings(title=page.title, summary=getattr(page, "summary", ""),
                            body_html=getattr(page, "body", ""), documents=documents)


def describe(finding):
    """One line for the editor: where, what, and the masked excerpt."""
    if finding.check == CHECK_UNSCANNABLE:
        return f"{finding.field}：{finding.message}"
    unit = "段" if finding.field == BODY else "行"
    # a worksheet cell or a DOCX paragraph/cell is located already; a page or text file says the line
    located = finding.field in (TITLE, SUMMARY) or finding.field.endswith(("单元格", "段", "列"))
    where = finding.field if located else f"{finding.field}第{finding.line}{unit}"
    return f"{where}：{finding.message}（{finding.excerpt}，建议改为 {finding.suggestion}）"


def mask_text(text):
    """The text with every detected number masked in the prescribed format (same length)."""
    return pii.mask_all(text or "", include_suspicious=True) if text else text
