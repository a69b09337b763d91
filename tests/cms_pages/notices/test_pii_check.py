"""What text of a notice is scanned and how findings are described (the detector itself is
governance.checks.pii, tested there)."""
from cms_pages.notices import pii_check

ID_NUMBER = "11010519491231002X"


def test_body_text_is_one_paragraph_per_line():
    assert pii_check.body_text("<p>甲</p><p>乙<br/>丙</p><h2>丁</h2>").splitlines()[0] == "甲"
    assert len(pii_check.body_text("<p>甲</p><p>乙</p><p>丙</p>").splitlines()) == 3


def test_collect_findings_over_title_summary_and_body():
    findings = pii_check.collect_findings(title="电话13812345678", summary="", body_html=f"<p>x</p><p>{ID_NUMBER}</p>")
    assert [(f.field, f.line, f.check) for f in findings] == [
        ("标题", 1, "pii.mobile"), ("正文", 2, "pii.id_number")]
    described = [pii_check.describe(f) for f in findings]
    assert described[0].startswith("标题：发现手机号码")
    assert described[1].startswith("正文第2段：发现居民身份证号码")
    assert ID_NUMBER not in "".join(described)


def test_masking_keeps_rich_text_markup():
    html = '<p>电话 <b>13812345678</b></p><p data-block-key="ab12">身份证 11010519491231002X</p>'
    masked = pii_check.mask_text(html)
    assert masked == '<p>电话 <b>138****5678</b></p><p data-block-key="ab12">身份证 11*************02X</p>'
    assert pii_check.collect_findings(body_html=masked) == []
