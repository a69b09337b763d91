from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class NoticeIndexPage(Page):
    """通知公告: the bulletin board."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["cms_pages.HomePage"]

    class Meta:
        verbose_name = "通知公告栏目"
