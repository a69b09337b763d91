"""The public catalogue (目录): browsing by 主题分类, 发布机构, year and Art. 20/21 category."""
from django.db.models import Count
from django.db.models.functions import ExtractYear

from cms_pages.listings import paginate

from .vocabulary import ART20_CHOICES


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def catalogue_context(index_page, request):
    from cms_pages.models import OrganisationUnit, TopicCategory

    from .models import AnnualReportPage, DisclosureGuidePage, DisclosureItemPage, DisclosureRulesPage

    base = DisclosureItemPage.objects.descendant_of(index_page).live().public()
    items = base.select_related("issuing_organisation", "topic", "topic__parent")
    filters = {}
    topic_id = _int(request.GET.get("topic"))
    if topic_id:
        topic = TopicCategory.objects.filter(pk=topic_id).first()
        if topic:
            items = items.filter(topic__in=[topic, *topic.children.all()]) if not topic.parent_id else items.filter(topic=topic)
            filters["topic"] = topic
    org_id = _int(request.GET.get("org"))
    if org_id:
        org = OrganisationUnit.objects.filter(pk=org_id).first()
        if org:
            items = items.filter(issuing_organisation=org)
            filters["org"] = org
    year = _int(request.GET.get("year"))
    if year:
        items = items.filter(published_date__year=year)
        filters["year"] = year
    category = request.GET.get("category") or ""
    if category in dict(ART20_CHOICES):
        items = items.filter(art20_category=category)
        filters["category"] = dict(ART20_CHOICES)[category]

    topic_counts = {}
    for row in base.exclude(topic=None).values("topic", "topic__parent"):
        top = row["topic__parent"] or row["topic"]
        topic_counts[top] = topic_counts.get(top, 0) + 1
    topics = [(t, topic_counts[t.pk]) for t in TopicCategory.objects.filter(pk__in=topic_counts)]
    org_counts = dict(base.exclude(issuing_organisation=None).values_list("issuing_organisation").annotate(n=Count("pk")))
    orgs = [(o, org_counts[o.pk]) for o in OrganisationUnit.objects.filter(pk__in=org_counts)]
    years = list(
        base.exclude(published_date=None).annotate(y=ExtractYear("published_date")).values_list("y").annotate(n=Count("pk")).order_by("-y")
    )
    cat_counts = dict(base.exclude(art20_category="").values_list("art20_category").annotate(n=Count("pk")))
    categories = [(k, label, cat_counts.get(k, 0)) for k, label in ART20_CHOICES]
    children = index_page.get_children().live().public()
    return {
        "page_obj": paginate(request, items.order_by("-published_date", "-pk")),
        "filters": filters,
        "facet_topics": topics,
        "facet_orgs": orgs,
        "facet_years": years,
        "facet_categories": categories,
        "guide_pages": DisclosureGuidePage.objects.child_of(index_page).live().public(),
        "rules_pages": DisclosureRulesPage.objects.child_of(index_page).live().public(),
        "report_pages": AnnualReportPage.objects.child_of(index_page).live().public().order_by("-year"),
        "has_children": children.exists(),
    }
