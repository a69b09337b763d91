"""Automatic 催办 for internal notices (notices.md §6): each recipient still outstanding is
reminded every N days (the notice's 自动催办间隔) until done, the 签收 deadline passes, or — for
notices without a deadline — GONGKAI_NOTICES["AUTO_REMIND_MAX"] reminders.

Run once a day (the governance scheduler's DAILY_COMMANDS); running it twice the same day
reminds nobody twice, as each person's interval counts from their last e-mail.
"""
from django.core.management.base import BaseCommand

from cms_pages.notices.alerts import send_automatic_reminders


class Command(BaseCommand):
    help = "按设定间隔自动催办未阅读或未签收的内部通知"

    def handle(self, *args, **options):
        result = send_automatic_reminders()
        total = sum(result.values())
        self.stdout.write(f"自动催办：{len(result)} 条通知，发送催办邮件 {total} 封")
