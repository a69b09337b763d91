"""Deploy-time check: every footer mark that inspection requires must be filled in (site_rules.md §3)."""
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.compatibility, deploy=True)
def footer_marks_present(app_configs, **kwargs):
    from wagtail.models import Site

    from cms_pages.models import GovSiteSettings

    try:
        sites = list(Site.objects.all())
        problems = []
        for site in sites:
            missing = GovSiteSettings.for_site(site).missing_marks()
            if missing:
                problems.append(Error(
                    f"站点 {site.hostname} 的页脚缺少：{'、'.join(missing)}",
                    hint="在后台“设置 → 网站设置（页脚标识）”中填写；政府网站检查要求全站页面底部列明这些标识。",
                    id="gongkai.E001",
                ))
        return problems
    except DatabaseError:
        return [Warning("数据库尚未迁移，无法检查页脚标识", id="gongkai.W001")]
