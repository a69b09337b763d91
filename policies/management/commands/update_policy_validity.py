"""Daily job: date-driven validity changes of policy documents (run from cron once a day)."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from policies.effects import update_policy_validity


class Command(BaseCommand):
    help = "按施行日期、有效期和已发布的文件关系更新政策文件的有效性（每日运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD），默认今天；用于补跑")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期格式无效：{options['date']!r}（应为 YYYY-MM-DD）") from None
        changed = update_policy_validity(today)
        for page in changed:
            self.stdout.write(f"{page.pk}\t{page.get_validity_display()}\t{page.title}")
        self.stdout.write(self.style.SUCCESS(f"有效性已更新：{len(changed)} 份文件"))
