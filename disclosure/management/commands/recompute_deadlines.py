from django.core.management.base import BaseCommand

from disclosure.services import recompute_open_deadlines


class Command(BaseCommand):
    help = "按当前工作日历重新计算所有未办结申请的答复期限（日历变更时会自动执行）"

    def handle(self, *args, **opts):
        changes = recompute_open_deadlines()
        for code, old, new in changes:
            self.stdout.write(f"{code}：{old} → {new}")
        self.stdout.write(f"共{len(changes)}件申请的答复期限发生变化")
