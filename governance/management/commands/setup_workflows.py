"""Create the default review workflows, reviewer groups, policies and check lists.

Idempotent: run it after ``setup_site`` (and from ``load_demo``) as often as you like;
it only adds what is missing and never overwrites what administrators edited.
"""
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "创建默认审核流程（自动检查→初审→保密审查→复审→终审/签发）、审核用户组、审核策略和检查词库（可重复运行）"

    def handle(self, *args, **options):
        from governance.setup import ensure_governance

        result = ensure_governance()
        for key, workflow in result["workflows"].items():
            steps = " → ".join(t.name for t in workflow.tasks)
            self.stdout.write(f"审核流程“{workflow.name}”：{steps}")
        groups = "、".join(g.name for g in result["groups"].values())
        self.stdout.write(self.style.SUCCESS(f"审核设置已就绪；审核用户组：{groups}"))
