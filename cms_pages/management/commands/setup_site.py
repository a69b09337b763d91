from django.core.management.base import BaseCommand

from cms_pages.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = "创建（或补全）门户站点结构：首页及政府信息公开、通知公告、政策文件库、政务信息报送栏目"

    def handle(self, *args, **options):
        home, sections = ensure_site_tree()
        self.stdout.write(self.style.SUCCESS(f"站点结构就绪：{home.title}（{len(sections)} 个栏目）"))
