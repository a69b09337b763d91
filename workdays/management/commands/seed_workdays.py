from django.core.management.base import BaseCommand

from workdays import seed
from workdays.calendar import sync_from_package


class Command(BaseCommand):
    help = "从离线 chinesecalendar 数据补充或更新节假日与调休（手工录入的记录优先，不会被覆盖）"

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=None)
        parser.add_argument("--to-year", type=int, default=None)

    def handle(self, *args, **opts):
        cov = seed.package_coverage()
        created, updated, skipped = sync_from_package(opts["from_year"], opts["to_year"])
        self.stdout.write(
            f"{seed.source_label()}（{cov.first_year}–{cov.last_year}年）：新增{created}条，更新{updated}条，"
            f"保留手工录入{skipped}条"
        )
