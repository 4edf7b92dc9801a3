"""`python -m devtools`: benchmarks and audits for developers (figures printed, never asserted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = argparse.ArgumentParser(prog="python -m devtools", description="开发者工具：性能测试和质量评分（只打印，不作判定）。")
    commands = parser.add_subparsers(title="命令", required=True, metavar="命令")

    bench = commands.add_parser("bench", help="性能测试：打印各项用时和目标")
    bench.add_argument("--handout-stops", type=int, default=20, help="观摩手册的观摩点数（默认 20）")
    bench.add_argument("--records", help="网站规模，逗号分隔的记录数，例如 1000,3000（不填则只测手册）")
    bench.add_argument("--search", action="store_true", help="同时在 Chromium 里测搜索速度和内存")
    bench.add_argument("--no-serve", action="store_true", help="不测 serve 的刷新时间")
    bench.add_argument("--workbench", action="store_true", help="测工作台：启动、1000 条记录时打开表单、100 条记录时发布")
    bench.set_defaults(run=run_bench)

    audit = commands.add_parser("audit", help="Lighthouse 评分：每类页面的性能、无障碍、最佳做法、SEO")
    audit.add_argument("--site-dir", type=Path, default=Path("site"), help="已生成的网站文件夹（默认 site/）")
    audit.set_defaults(run=run_audit)
    args = parser.parse_args(argv)
    return args.run(args)


def run_bench(args: argparse.Namespace) -> int:
    if args.workbench:
        from .bench_workbench import run

        run()
    elif args.records:
        from .bench_site import run

        run([int(n) for n in args.records.split(",")], search=args.search, serve=not args.no_serve)
    else:
        from .bench_handout import print_handout

        print_handout(args.handout_stops)
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from .audit import AuditError, audit

    try:
        audit(args.site_dir)
    except AuditError as exc:
        print(f"错误 {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
