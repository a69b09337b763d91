import gzip
import os
import tempfile
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms_pages.roles import ROLES
from disclosure.roles import REQUEST_HANDLER_GROUP

ROLE_GROUPS = {**ROLES, "request_handler": REQUEST_HANDLER_GROUP}
from cms_pages.site_tree import ensure_site_tree

DEMO_PASSWORD = "gongkai-demo"
DEMO_USERS = [
    # username, role key (None = superuser), unit, display name
    ("admin", None, "示范市人民政府办公室", "系统管理员"),
    ("editor", "editor", "示范市人民政府办公室", "编辑 张敏"),
    ("reviewer", "reviewer", "示范市人民政府办公室", "审核人 李强"),
    ("reviewer2", "reviewer", "示范市人民政府办公室", "审核人 刘洋"),  # 复审 needs a second reviewer
    ("secrecy", "secrecy_reviewer", "示范市人民政府办公室", "保密审查员 孙丽"),
    ("signer", "signer", "示范市人民政府办公室", "签发人 周建国"),
    ("reporter", "unit_reporter", "示范市东城区人民政府", "报送员 王芳"),
    ("reader", "staff_reader", "示范市财政局", "内部查阅 赵磊"),
    ("handler", "request_handler", "示范市人民政府办公室", "依申请公开办理 陈静"),
]


def default_corpus_dir():
    return Path(os.environ.get("GONGKAI_CORPUS_DIR", settings.BASE_DIR.parent / "shared" / "corpus"))


class Command(BaseCommand):
    help = "加载演示数据：站点结构、各角色演示用户（仅开发环境）和档案样本（经导入流程）"

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=300, help="从档案中抽取的记录数（默认 300）")
        parser.add_argument("--corpus", default=None, help="档案目录（默认 ../shared/corpus 或 GONGKAI_CORPUS_DIR）")

    def handle(self, *args, records, corpus, **options):
        if not getattr(settings, "GONGKAI_DEMO_USERS", False):
            raise CommandError("load_demo 只能在开发设置下运行（会创建带公开密码的演示用户）")
        home, sections = ensure_site_tree()
        self._users()
        if records > 0:
            self._records(Path(corpus) if corpus else default_corpus_dir(), records)
        self.stdout.write(self.style.SUCCESS("演示数据就绪：http://127.0.0.1:8000/ ，后台 http://127.0.0.1:8000/admin/"))

    def _users(self):
        from django.contrib.auth.models import Group

        from cms_pages.models import OrganisationUnit, StaffProfile

        User = get_user_model()
        self.stdout.write("演示用户（密码均为 %s，仅供开发演示）：" % DEMO_PASSWORD)
        for username, role, unit_name, display in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": display})
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = role is None
            user.is_superuser = role is None
            user.email = f"{username}@example.gov.cn"
            user.save()
            if role:
                user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
            StaffProfile.objects.update_or_create(user=user, defaults={"unit": OrganisationUnit.objects.get(name=unit_name)})
            self.stdout.write(f"  {username:<9} {display}")

    def _records(self, corpus_dir, count):
        files = [corpus_dir / "laws.jsonl.gz", corpus_dir / "gov_policy_meta.jsonl.gz"]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"找不到档案文件：{'、'.join(missing)}（用 --corpus 指定目录，或 --records 0 跳过）")
        # A spread sample: every k-th record of each file, a third from laws, the rest metadata.
        quotas = [max(count // 3, 1), max(count - count // 3, 1)]
        sample = Path(tempfile.mkdtemp(prefix="gongkai-demo-")) / "demo-sample.jsonl"
        with open(sample, "w", encoding="utf-8") as out:
            for path, quota, step in zip(files, quotas, (11, 97)):
                with gzip.open(path, "rt", encoding="utf-8") as handle:
                    for line in islice(handle, 0, quota * step, step):
                        out.write(line)
        call_command("import_archive", str(sample), stdout=self.stdout, stderr=self.stderr)
