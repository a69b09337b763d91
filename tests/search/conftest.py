"""Fixtures for the search tests: a small Chinese archive published through Wagtail."""
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
