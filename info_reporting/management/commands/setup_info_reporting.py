from django.core.management.base import BaseCommand

from info_reporting.setup import ensure_info_reporting


class Command(BaseCommand):
    help = ("建立政务信息报送的采用流程、通报审核流程、采用级别和本年度计分规则、单位审签人用户组、"
            "各单位附件集合，并把已有信息的附件归入所属单位的集合（可重复运行）")

    def handle(self, *args, **options):
        ensure_info_reporting()
        self.stdout.write(self.style.SUCCESS("政务信息报送已设置：采用流程、通报审核流程、采用级别、本年度计分规则、单位审签人用户组、单位附件集合"))
