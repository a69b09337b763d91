"""Creates the portal's site tree (idempotent): home → 政府信息公开, 通知公告, 政策文件库,
政务信息报送 (login-restricted); the search page is a view at /search/."""
from django.db import transaction
from wagtail.models import Page, PageViewRestriction, Site

from cms_pages.models import GovSiteSettings, HomePage, OrganisationUnit

SECTIONS = [
    # key, model path, title, slug
    ("disclosure", "disclosure.DisclosureIndexPage", "政府信息公开", "zfxxgk"),
    ("notices", "notices.NoticeIndexPage", "通知公告", "tzgg"),
    ("policies", "policies.PolicyLibraryPage", "政策文件库", "zcwjk"),
    ("info_reporting", "info_reporting.InfoReportIndexPage", "政务信息报送", "zwxxbs"),
]

DEMO_ORGANISATIONS = [
    # name, short name, code, parent
    ("示范市人民政府", "市政府", "000014349", None),
    ("示范市人民政府办公室", "市府办", "11330100002493003W", "示范市人民政府"),
    ("示范市发展和改革委员会", "市发改委", "11330100002493011P", "示范市人民政府"),
    ("示范市财政局", "市财政局", "11330100002493020M", "示范市人民政府"),
    ("示范市人力资源和社会保障局", "市人社局", "11330100002493030N", "示范市人民政府"),
    ("示范市卫生健康委员会", "市卫健委", "11330100002493040P", "示范市人民政府"),
    ("示范市东城区人民政府", "东城区政府", "11330102002493050M", "示范市人民政府"),
]


@transaction.atomic
def ensure_site_tree(hostname="localhost", port=80):
    from django.apps import apps

    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", live=True)
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="政务公开门户", slug="gongkai", intro="政务公开 一站检索")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="政务公开门户")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "政务公开门户"
        site.save()
        if old_root.specific_class is Page and old_root.pk != home.pk and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome" placeholder page

    sections = {}
    for key, model_path, title, slug in SECTIONS:
        model = apps.get_model(model_path)
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(title=title, slug=slug, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
        sections[key] = page
    if not PageViewRestriction.objects.filter(page=sections["info_reporting"]).exists():
        PageViewRestriction.objects.create(page=sections["info_reporting"], restriction_type=PageViewRestriction.LOGIN)

    settings = GovSiteSettings.for_site(site)
    if not settings.sponsor:
        settings.sponsor = "示范市人民政府办公室"
        settings.site_id_code = "3301000001"
        settings.icp_number = "示ICP备00000001号"
        settings.police_record = "示公网安备33010002000001号"
        settings.police_record_code = "33010002000001"
        settings.party_gov_mark_code = "3301000001"
        settings.contact_phone = "0571-12345678"
        settings.contact_address = "示范市人民路1号"
        settings.site_domain = "www.example.gov.cn"
        settings.save()

    by_name = {}
    for name, short, code, parent in DEMO_ORGANISATIONS:
        unit, _ = OrganisationUnit.objects.get_or_create(
            name=name, defaults={"short_name": short, "code": code, "parent": by_name.get(parent)}
        )
        by_name[name] = unit

    from cms_pages.roles import ensure_roles

    ensure_roles(sections)

    from governance.setup import ensure_governance

    ensure_governance(sections)

    from info_reporting.setup import ensure_info_reporting

    ensure_info_reporting(sections["info_reporting"])
    return home, sections
