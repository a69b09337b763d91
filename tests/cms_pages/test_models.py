import pytest
from django.core.exceptions import ValidationError

from cms_pages.models import OrganisationUnit, TopicCategory
from cms_pages.text_format import to_plain_text, to_richtext


@pytest.mark.django_db
def test_topic_taxonomy_is_seeded_two_levels():
    assert TopicCategory.objects.filter(parent=None).count() == 22
    assert TopicCategory.from_path("卫生、体育\\医药管理").path == "卫生、体育\\医药管理"
    assert TopicCategory.from_path("其他").children.count() == 0
    assert TopicCategory.from_path("不存在\\分类") is None
    second = TopicCategory.from_path("综合政务\\政务公开")
    third = TopicCategory(name="三级", parent=second)
    with pytest.raises(ValidationError, match="只有两级"):
        third.clean()


@pytest.mark.django_db
def test_organisation_hierarchy_refuses_cycles_and_bad_codes():
    city = OrganisationUnit.objects.create(name="市政府")
    office = OrganisationUnit.objects.create(name="市府办", parent=city)
    city.parent = office
    with pytest.raises(ValidationError, match="循环"):
        city.clean()
    with pytest.raises(ValidationError, match="9 位"):
        OrganisationUnit(name="某局", code="123").clean()
    assert city.descendant_ids() == {city.pk, office.pk}


def test_imported_html_is_reduced_to_safe_paragraphs():
    html = to_richtext('<p onclick="x()">第一段</p><script>alert(1)</script><div>第二段 &amp; 更多</div>', "html")
    assert "<script" not in html and "onclick" not in html and "alert" not in html
    assert html == "<p>第一段</p><p>第二段 &amp; 更多</p>"
    assert to_plain_text(html) == "第一段\n第二段 & 更多"
