from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class GovSiteSettings(BaseSiteSetting):
    """Page furniture every government site must show (site_rules.md §3)."""

    site_name = models.CharField("网站名称", max_length=80, default="政务公开门户")
    site_domain = models.CharField("网站域名", max_length=120, blank=True, help_text="如 www.example.gov.cn")
    sponsor = models.CharField("主办单位", max_length=120, blank=True)
    organiser = models.CharField("承办单位", max_length=120, blank=True)
    site_id_code = models.CharField(
        "网站标识码", max_length=12, blank=True,
        help_text="地方网站为 10 位数字（6 位行政区划代码 + 4 位序号），部委为 bm + 8 位数字",
    )
    icp_number = models.CharField("ICP备案编号", max_length=60, blank=True, help_text="如 京ICP备05070218号")
    police_record = models.CharField("公安机关备案号", max_length=60, blank=True, help_text="如 京公网安备11010202000001号")
    police_record_code = models.CharField("公安备案编码", max_length=30, blank=True, help_text="备案号中的数字部分，用于链接")
    contact_phone = models.CharField("联系电话", max_length=60, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    party_gov_mark_code = models.CharField(
        "党政机关网站标识编号", max_length=60, blank=True,
        help_text="开办标识（党政机关网站标识）的编号；页面底部显示标识及链接",
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("site_domain"), FieldPanel("site_id_code")], "网站"),
        MultiFieldPanel([FieldPanel("sponsor"), FieldPanel("organiser")], "主办与承办"),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_record"), FieldPanel("police_record_code"),
             FieldPanel("party_gov_mark_code")],
            "备案与标识",
        ),
        MultiFieldPanel([FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("contact_address")], "联系方式"),
    ]

    REQUIRED_MARKS = {
        "sponsor": "主办单位",
        "site_id_code": "网站标识码",
        "icp_number": "ICP备案编号",
        "police_record": "公安机关备案号",
        "party_gov_mark_code": "党政机关网站标识",
    }

    class Meta:
        verbose_name = "网站设置（页脚标识）"

    def missing_marks(self):
        """Labels of the footer marks that inspection requires but are empty."""
        missing = [label for field, label in self.REQUIRED_MARKS.items() if not getattr(self, field)]
        if not (self.contact_phone or self.contact_email or self.contact_address):
            missing.append("联系方式")
        return missing
