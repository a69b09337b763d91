"""答复书 and other notices as DOCX (python-docx), one template text per reply type.

The texts below are the office's standard wording; ``{…}`` fields are filled from the
application. Only the applicant (after tracking code + password) and the handling team may
download these letters: they carry the applicant's name.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from workdays.engine import fmt

from . import request_states as rs

REDRESS = (
    "如对本答复不服，可以自收到本答复之日起60日内向{review_body}申请行政复议，"
    "或者自收到本答复之日起6个月内向人民法院提起行政诉讼。"
)

#: Body text per reply type (key of ``request_states.REPLY_TYPES``).
REPLY_TEMPLATES = {
    "disclosed": "经审查，您申请公开的“{title}”属于公开范围，根据{basis}的规定，现予以公开，{delivery}。",
    "already_public": "经审查，您申请公开的“{title}”已经主动公开，根据{basis}的规定，您可以通过本机关门户网站政府信息公开栏目获取。",
    "partial": "经审查，您申请公开的“{title}”中含有不应当公开的内容，根据{basis}的规定，本机关对可以公开的部分予以公开，{delivery}；其余部分不予公开，理由如下：{comment}",
    "not_held": "经检索，本机关未制作或获取您申请公开的“{title}”，根据{basis}的规定，告知您该政府信息不存在。",
    "not_this_agency": "经审查，您申请公开的“{title}”不属于本机关负责公开，根据{basis}的规定告知您。{comment}",
    "needs_creation": "经审查，您申请公开的“{title}”需要本机关对现有政府信息进行加工、分析，根据{basis}的规定，本机关可以不予提供。",
    "unclear_after_correction": "您补正后的申请内容仍不明确，根据{basis}的规定，本机关无法提供。",
    "special_procedure": "您申请获取的“{title}”属于有关法律、行政法规对信息的获取有特别规定的情形，根据{basis}的规定，请依照有关规定办理。",
}
_DEFAULT_TEMPLATE = "经审查，您申请公开的“{title}”，{label}。根据{basis}的规定，特此告知。{comment}"

DELIVERY_TEXT = {"online": "通过网络发送", "in_person": "请到本机关当面领取", "post": "以邮寄方式提供", "fax": "以传真方式提供"}


def reply_text(req, reply_type: str, comment: str = "") -> str:
    rt = rs.REPLY_TYPES[reply_type]
    template = REPLY_TEMPLATES.get(reply_type, _DEFAULT_TEMPLATE)
    return template.format(
        title=req.title, basis=f"《中华人民共和国政府信息公开条例》{rt.basis.replace('条例', '')}" if rt.basis.startswith("条例") else rt.basis,
        label=rt.label.split("：", 1)[-1], delivery=DELIVERY_TEXT.get(req.delivery_method, "按您要求的方式提供"),
        comment=comment or "",
    ).strip()


def _doc(title: str):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(14)
    h = doc.add_paragraph()
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = h.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    return doc


def _bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def reply_letter(req, office_name: str = "", review_body: str = "本级人民政府") -> bytes:
    """政府信息公开申请答复书 for a replied application (DOCX bytes)."""
    reply_event = req.events.filter(action="reply").order_by("-on", "-pk").first()
    if not req.reply_type or reply_event is None:
        raise ValueError("该申请尚未答复，不能生成答复书")
    doc = _doc("政府信息公开申请答复书")
    p = doc.add_paragraph(f"编号：{req.tracking_code}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{req.name}：")
    received = fmt(req.received_on) if req.received_on else "—"
    doc.add_paragraph(f"本机关于{received}收到您提出的政府信息公开申请。现答复如下：")
    doc.add_paragraph(reply_text(req, req.reply_type, reply_event.comment))
    doc.add_paragraph(REDRESS.format(review_body=review_body))
    sign = doc.add_paragraph(f"{office_name}\n{reply_event.on.year}年{reply_event.on.month}月{reply_event.on.day}日")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(doc)


def notice_letter(req, event, office_name: str = "") -> bytes:
    """补正告知书 / 延期答复告知书 / 收费通知 / 征求意见 notice for one event."""
    titles = {
        "request_correction": "政府信息公开申请补正告知书",
        "extend": "延期答复告知书",
        "send_fee_notice": "信息处理费收费通知",
        "confirm_receipt": "政府信息公开申请收件回执",
        "register": "政府信息公开申请收件回执",
    }
    doc = _doc(titles.get(event.action, "政府信息公开申请告知书"))
    doc.add_paragraph(f"编号：{req.tracking_code}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{req.name}：")
    if event.action == "request_correction":
        doc.add_paragraph(f"您提出的政府信息公开申请内容不明确，请于{event.data.get('reply_by')}前补正以下事项：{event.comment}")
        doc.add_paragraph("答复期限自本机关收到补正申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。")
    elif event.action == "extend":
        doc.add_paragraph(
            f"因正当理由，经本机关政府信息公开工作机构负责人同意，您的申请答复期限延长{event.data.get('days')}个工作日，"
            f"延长后的答复期限为{req.due_date.isoformat() if req.due_date else '—'}。"
        )
    elif event.action == "send_fee_notice":
        for line in event.data.get("lines", []):
            doc.add_paragraph(line)
    else:
        doc.add_paragraph(event.public_note or event.label)
    sign = doc.add_paragraph(f"{office_name}\n{event.on.year}年{event.on.month}月{event.on.day}日")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(doc)
