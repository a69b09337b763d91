"""Run the scheduled jobs: publishing at 上线时间, expiry at 下线时间, review reminders.

    python manage.py run_scheduler              # loop forever (every 60 s)
    python manage.py run_scheduler --interval 300
    python manage.py run_scheduler --once       # one pass, e.g. from cron
"""
import signal
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行定时任务：定时发布与到期下线（publish_scheduled）、审核催办；默认每 60 秒一轮"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="两轮之间的秒数（默认 60）")
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出（适合 cron）")
        parser.add_argument("--job", action="append", help="只运行指定任务（可重复）")

    def handle(self, *args, interval, once, job, **options):
        from governance.scheduler import run_jobs

        stop = {"now": False}

        def _stop(signum, frame):
            stop["now"] = True

        if not once:
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
            self.stdout.write(f"定时任务已启动，每 {interval} 秒运行一轮（Ctrl+C 停止）")
        while True:
            for name, (ok, output) in run_jobs(only=job).items():
                status = "成功" if ok else "失败"
                line = f"[{name}] {status} {output.strip().splitlines()[-1] if output.strip() else ''}"
                self.stdout.write(self.style.SUCCESS(line) if ok else self.style.ERROR(line))
            if once or stop["now"]:
                break
            slept = 0
            while slept < interval and not stop["now"]:
                time.sleep(1)
                slept += 1
            if stop["now"]:
                break
