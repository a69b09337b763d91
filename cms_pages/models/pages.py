from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """门户首页: latest items per section and a search box."""

    intro = models.TextField("简介", blank=True)
    latest_per_section = models.PositiveSmallIntegerField("每栏目显示条数", default=6)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("latest_per_section")]
    subpage_types = [
        "disclosure.DisclosureIndexPage",
        "notices.NoticeIndexPage",
        "policies.PolicyLibraryPage",
        "info_reporting.InfoReportIndexPage",
        "cms_pages.SectionPage",
        "governance.CollectionPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def sections(self):
        """(section page, latest live public items) for the home page listing."""
        from cms_pages.listings import latest_items

        result = []
        for section in self.get_children().live().public().specific():
            if getattr(section, "show_on_home", True):
                result.append((section, latest_items(section, self.latest_per_section)))
        return result


class SectionPage(Page):
    """A plain column (栏目) with an introduction, e.g. 机构职能 or 联系我们."""

    intro = models.TextField("栏目说明", blank=True)
    body = models.TextField("正文", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("show_on_home")]

    class Meta:
        verbose_name = "普通栏目"
