from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backends_with_name


class Command(BaseCommand):
    help = "重建搜索引擎索引：写入新索引后原子切换别名，检索不中断；重建期间的发布/撤销随后补入"

    def add_arguments(self, parser):
        parser.add_argument("--backend", default=None, help="只重建指定的检索后端（默认：所有引擎后端）")
        parser.add_argument("--chunk-size", type=int, default=500, help="每批写入条数（默认 500）")
        parser.add_argument("--keep-old", action="store_true", help="切换后保留旧索引（默认删除）")

    def handle(self, *args, backend=None, chunk_size=500, keep_old=False, **options):
        from search.engine.reindex import rebuild

        engines = [(name, b) for name, b in get_search_backends_with_name() if hasattr(b, "create_index_with_models")]
        if backend:
            engines = [(n, b) for n, b in engines if n == backend]
        if not engines:
            raise CommandError("没有配置搜索引擎后端（SEARCH_BACKEND=opensearch 或 elasticsearch）")
        for name, engine in engines:
            if not engine.ping():
                raise CommandError(f"搜索引擎后端 {name} 不可用：先启动引擎（scripts/search-engine start）")
            self.stdout.write(f"== 后端 {name}")
            results = rebuild(engine, chunk_size=max(1, chunk_size), out=self.stdout.write, keep_old=keep_old)
            self.stdout.write(self.style.SUCCESS(f"完成：{sum(results.values())} 条，{len(results)} 个索引"))
