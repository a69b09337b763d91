"""Fixtures for the search tests: a small Chinese archive published through Wagtail, OFD files."""
import io
import zipfile

import pytest

# The five short documents of search.md §1 plus a few for ranking, facets and 文号.
DOCS = [
    dict(key="d1", title="国务院办公厅关于印发《政府信息公开条例》实施办法的通知",
         body="<p>各省、自治区、直辖市人民政府：现将实施办法印发给你们。</p>",
         doc_number="国办发〔2019〕5号", published_date="2019-03-01", validity="in_force", doc_kind="通知"),
    dict(key="d2", title="中华人民共和国政府信息公开条例（2019年修订）",
         body="<p>第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，制定本条例。</p>"
              "<p>第二十条 行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起二十个工作日内予以答复。</p>",
         doc_number="中华人民共和国国务院令第711号", published_date="2019-04-03", validity="in_force", doc_kind="条例"),
    dict(key="d3", title="关于做好2024年政务公开工作的通知",
         body="<p>国办发〔2024〕12号</p><p>请各地做好政务公开工作，推进一网通办。</p>",
         doc_number="国办发〔2024〕12号", published_date="2024-02-01", validity="in_force", doc_kind="通知"),
    dict(key="d4", title="市发展和改革委员会2023年度信息公开工作年度报告",
         body="<p>市发改委认真贯彻落实政务公开要求，停车收费标准依法公开。</p>",
         published_date="2024-01-15", validity="in_force", doc_kind="报告"),
    dict(key="d5", title="关于公开征求《数据安全管理办法（征求意见稿）》意见的通知",
         body="<p>为加强数据安全管理，现公开征求意见。&lt;script&gt;alert(1)&lt;/script&gt;</p>",
         published_date="2021-06-01", validity="lapsed", doc_kind="通知"),
    dict(key="d6", title="不动产登记暂行条例",
         body="<p>第一条 为整合不动产登记职责，规范登记行为，方便群众申请登记，保护权利人合法权益，制定本条例。</p>",
         doc_number="国务院令第656号", published_date="2014-11-24", validity="amended", doc_kind="条例"),
]


@pytest.fixture
def archive(make_policy):
    """Publish :data:`DOCS` as policy documents; returns ``{key: page}``."""
    import datetime

    pages = {}
    for spec in DOCS:
        spec = dict(spec)
        key = spec.pop("key")
        date = datetime.date.fromisoformat(spec.pop("published_date"))
        validity = spec.pop("validity", "in_force")
        if validity != "in_force":
            # 有效性 is derived (policies/validity.py); an ended state is recorded as a decision with a basis.
            spec.update(validity_override=validity, validity_override_on=date, validity_override_basis="测试认定")
        pages[key] = make_policy(published_date=date, **spec)
    return pages


@pytest.fixture
def restricted_doc(make_policy, site_tree):
    """A live policy under a login view restriction (not public)."""
    from wagtail.models import PageViewRestriction

    page = make_policy(title="内部参考：营商环境评估材料", body="<p>营商环境内部评估</p>")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


# -- OFD packages (GB/T 33190 layout) built in the tests ---------------------------------------

NS = "http://www.ofdspec.org/2016"


def _content(lines):
    """Content.xml of one page; ``lines`` is a list of lists of TextCode strings (one TextObject each,
    objects on the same line share a y)."""
    objects = []
    oid = 10
    for row, pieces in enumerate(lines):
        y = 20 + row * 8
        for col, piece in enumerate(pieces):
            oid += 1
            objects.append(
                f'<ofd:TextObject ID="{oid}" Boundary="{20 + col * 40} {y} 40 6" Font="3" Size="4.2">'
                f'<ofd:TextCode X="0" Y="4">{piece}</ofd:TextCode></ofd:TextObject>'
            )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def build_ofd(pages, *, encrypted=False, drop=None) -> bytes:
    """A minimal but complete OFD package with ``pages`` (each a list of lines, see _content)."""
    files = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2c3</ofd:DocID><ofd:Title>测试</ofd:Title></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            + ("<ofd:Encryptions>Encryptions.xml</ofd:Encryptions>" if encrypted else "")
            + "</ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            '<ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>'
            # listed in reading order, deliberately not in file-name order
            + "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
            + "</ofd:Pages></ofd:Document>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
        ),
    }
    for i, lines in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = _content(lines)
    if encrypted:
        files["Encryptions.xml"] = f'<ofd:Encryptions xmlns:ofd="{NS}"/>'
    for name in drop or ():
        files.pop(name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


@pytest.fixture
def make_ofd():
    """``make_ofd(pages, encrypted=False, drop=None)`` → bytes of a real OFD package."""
    return build_ofd
