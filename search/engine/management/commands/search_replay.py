from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backends_with_name


class Command(BaseCommand):
    help = "把搜索引擎不可用期间记录的索引更新重放到引擎（按对象当前状态：已发布则索引，否则删除）"

    def add_arguments(self, parser):
        parser.add_argument("--backend", default=None, help="只重放到指定的检索后端（默认：所有引擎后端）")

    def handle(self, *args, backend=None, **options):
        from search.engine import queue

        engines = [(name, b) for name, b in get_search_backends_with_name() if hasattr(b, "raw_add_bulk")]
        if backend:
            engines = [(n, b) for n, b in engines if n == backend]
        if not engines:
            raise CommandError("没有配置搜索引擎后端（SEARCH_BACKEND=opensearch 或 elasticsearch）")
        before = queue.pending_count()
        self.stdout.write(f"待重放：{before} 条")
        for name, engine in engines:
            applied, remaining = queue.replay(
                engine,
                progress=lambda done, total: self.stdout.write(f"  [{name}] 已重放 {done}/{total}"),
            )
            self.stdout.write(f"[{name}] 已重放 {applied} 条，剩余 {remaining} 条")
            if remaining:
                raise CommandError(f"仍有 {remaining} 条未能写入搜索引擎（引擎仍不可用？）；稍后再运行 search_replay")
