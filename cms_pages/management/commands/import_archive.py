import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cms_pages.importing import import_archive


class Command(BaseCommand):
    help = "导入档案 JSON Lines（.jsonl / .jsonl.gz，格式见 shared/corpus/FORMAT.md），按 external_id 更新"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="一个或多个 .jsonl 或 .jsonl.gz 文件")
        parser.add_argument("--batch-size", type=int, default=200, help="每个事务的记录数（默认 200）")
        parser.add_argument("--show-skipped", type=int, default=50, help="最多列出多少条跳过记录（默认 50）")

    def handle(self, *args, files, batch_size, show_skipped, **options):
        from pathlib import Path

        for name in files:
            if not Path(name).is_file():
                raise CommandError(f"文件不存在：{name}")
        if batch_size < 1:
            raise CommandError("--batch-size 必须大于 0")
        started = time.monotonic()
        interactive = sys.stderr.isatty()

        def progress(summary):
            elapsed = time.monotonic() - started
            rate = summary.processed / elapsed if elapsed else 0
            line = (f"已处理 {summary.processed} 条（新建 {summary.created}，更新 {summary.updated}，"
                    f"未变 {summary.unchanged}，跳过 {len(summary.skipped)}）{rate:.0f} 条/秒")
            if interactive:
                sys.stderr.write("\r" + line)
                sys.stderr.flush()
            elif summary.processed % 5000 < batch_size:
                self.stderr.write(line)

        try:
            summary = import_archive(files, progress=progress, batch_size=batch_size)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
            raise CommandError(f"文件无法读取（压缩文件损坏或格式不对）：{exc}。已完成的批次已保存，修正后重新运行即可。") from exc
        if interactive:
            sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"导入完成：新建 {summary.created}，更新 {summary.updated}，未变 {summary.unchanged}，"
            f"跳过 {len(summary.skipped)}；用时 {elapsed:.1f} 秒"
        )
        for reason, count in summary.skipped_by_reason().most_common():
            self.stdout.write(f"  跳过原因 {reason}：{count} 条")
        for source, line, external_id, reason in summary.skipped[:show_skipped]:
            self.stdout.write(f"  {source} 第 {line} 行 {external_id or '-'}：{reason}")
        if len(summary.skipped) > show_skipped:
            self.stdout.write(f"  …… 另有 {len(summary.skipped) - show_skipped} 条跳过记录未列出")
