"""Delete audit-log events older than a date; never inside the retention period (≥ 183 days)."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "清理指定日期之前的审核日志（保留期内的记录不能清理，保留期不少于 183 天）"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="清理此日期之前的记录，格式 YYYY-MM-DD")

    def handle(self, *args, before, **options):
        from governance.services.audit import purge_before

        try:
            day = datetime.date.fromisoformat(before)
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        try:
            deleted = purge_before(cutoff)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"已清理 {deleted} 条 {day} 之前的审核日志"))
