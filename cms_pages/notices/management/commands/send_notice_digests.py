"""Daily / weekly e-mail digests for subscribers of the bulletin board (notices.md §5.2).

Run once a day (the governance scheduler's DAILY_COMMANDS): daily subscribers get one mail per
day, weekly subscribers one on the configured weekday (GONGKAI_NOTICES["DIGEST_WEEKDAY"],
default Monday). Running it again the same day sends nothing twice.
"""
from django.core.management.base import BaseCommand

from cms_pages.notices.digests import send_digests


class Command(BaseCommand):
    help = "发送通知公告订阅的每日、每周摘要邮件（同一周期只发一次）"

    def handle(self, *args, **options):
        sent, failed = send_digests()
        self.stdout.write(f"已发送摘要邮件 {sent} 封" + (f"，{failed} 封发送失败（下次运行时重试）" if failed else ""))
