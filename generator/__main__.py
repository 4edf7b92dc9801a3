"""The command line: parsing, messages and exit codes. The work is done in publish/pipeline.py."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .changeset import ChangeSet
from .cli import ChineseParser, run_guarded
from .model.problems import Report, display_path
from .model.schema import KINDS, json_schemas
from .publish import pipeline
from .publish.outputs import handout_problem, record_id_problem
from .scaffold import scaffold

DEFAULT_CONTENT = Path("content")


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = _parser().parse_args(argv)
    return run_guarded(lambda: args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="python -m generator",
        description="党建特色品牌与案例展示站生成器：检查 content/ 里的记录，生成网站。",
    )
    commands = parser.add_subparsers(title="命令", required=True, metavar="命令")

    init = commands.add_parser("init", help="新建一个网站文件夹：content/ 里有站点设置、党组织和每种记录的示例")
    init.add_argument("folder", type=Path, metavar="文件夹", help="新网站的文件夹（会在里面建 content/）")
    init.set_defaults(run=run_init)

    check = commands.add_parser("check", help="检查全部记录，列出所有问题")
    _content_option(check)
    check.add_argument("--strict", action="store_true", help="把警告也当作错误")
    check.add_argument("--public", action="store_true",
                       help="按生成公开网站的标准检查：未公开记录（申报、培育、草稿等）的问题只作警告")
    check.set_defaults(run=run_check)

    build = commands.add_parser("build", help="检查并生成网站")
    _content_option(build)
    build.add_argument("--site-dir", type=Path, metavar="文件夹", help="网站输出文件夹（默认 site/，预览默认 site-preview/）")
    build.add_argument("--preview", action="store_true", help="预览版：包含未认定的品牌和草稿案例，仅供审阅")
    build.add_argument("--strict", action="store_true", help="把警告也当作错误")
    build.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs", metavar="引擎",
                       help="生成网站的引擎：mkdocs（默认，MkDocs + Material）或 zensical（需另外安装）")
    build.add_argument("--full", action="store_true",
                       help="完整重新生成全部页面（默认只重新生成有变化的页面；也用于修复被手工改动的网站）")
    build.set_defaults(run=run_build)

    serve = commands.add_parser("serve", help="本地预览，保存记录后浏览器自动刷新")
    _content_option(serve)
    serve.add_argument("--preview", action="store_true", help="同时显示未认定的品牌和草稿案例")
    serve.add_argument("--addr", metavar="地址", default="127.0.0.1:8000", help="地址和端口（默认 127.0.0.1:8000）")
    serve.set_defaults(run=run_serve)

    new = commands.add_parser("new", help="新建一条记录（带注释的模板）")
    new.add_argument("kind", metavar="类型", choices=[k for k, kind in KINDS.items() if kind.folder],
                     help="brand 品牌、case 案例、meeting 观摩会、alliance 党建联盟、activity 工作动态、campaign 专项工作")
    new.add_argument("id", metavar="编号", help="记录编号，也是文件名，例如 water-brand")
    _content_option(new)
    new.set_defaults(run=run_new)

    handout = commands.add_parser("handout", help="生成现场观摩会手册（A4 PDF 和可打印的 HTML）")
    handout.add_argument("meeting", metavar="观摩会编号", help="观摩会编号（meetings/ 里的文件名，不含 .yml）")
    _content_option(handout)
    handout.add_argument("-o", "--output", type=Path, metavar="文件", help="PDF 文件路径（默认 handouts/<编号>.pdf）")
    handout.set_defaults(run=run_handout)

    imports = commands.add_parser("import", help="导入 Word（.docx）、文本（.txt）材料和 Excel 申报表（.xlsx），生成不公开的记录")
    imports.add_argument("files", nargs="+", type=Path, metavar="文件", help="要导入的文件")
    _content_option(imports)
    imports.add_argument("--kind", metavar="类型", choices=["brand", "case"], help="brand 品牌、case 案例（默认按材料的标题判断）")
    imports.add_argument("--force", action="store_true", help="覆盖已经存在的同名记录")
    imports.add_argument("--yes", action="store_true", help="不询问，直接把新的党组织添加到 units.yml")
    imports.add_argument("--id", dest="record_id", metavar="编号",
                         help="记录的编号（文件名，也是网页地址）；默认取品牌名称或标题的拼音；只能在导入一条记录时使用")
    imports.set_defaults(run=run_import)

    workbench = commands.add_parser("workbench", help="工作台：在浏览器里导入、填写、认定、发布（仅本机可访问）")
    _content_option(workbench)
    workbench.add_argument("--port", type=int, default=8765, help="端口（默认 8765，被占用时自动换一个；0 表示自动选择）")
    workbench.add_argument("--site-dir", type=Path, default=Path("site"), help="发布网站的输出文件夹（默认 site/）")
    workbench.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    workbench.set_defaults(run=run_workbench)

    schema = commands.add_parser("schema", help="导出 JSON Schema，供 VS Code 等编辑器提示和检查字段")
    schema.add_argument("--out", type=Path, metavar="文件夹", default=Path(__file__).parent / "schemas", help="输出文件夹")
    schema.set_defaults(run=run_schema)
    return parser


def _content_option(parser: ChineseParser) -> None:
    parser.add_argument("--content", type=Path, metavar="文件夹", default=DEFAULT_CONTENT, help="内容文件夹（默认 content/）")


def _print_report(report: Report, strict: bool) -> None:
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    print(report.summary(strict), file=sys.stderr)


STARTER = Path(__file__).parent / "starter"


def run_init(args: argparse.Namespace) -> int:
    content = args.folder / "content"
    if content.exists() and (not content.is_dir() or any(content.iterdir())):
        print(f"错误 {display_path(content)} 已经存在，不会覆盖。", file=sys.stderr)
        return 1
    for source in sorted(STARTER.rglob("*.yml")):
        target = content / source.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    print(f"已新建 {display_path(content)}/：site.yml、units.yml 和每种记录的示例。\n"
          f"下一步：进入 {display_path(args.folder)}，修改 content/ 里的文件，然后运行 dangjian build 生成网站。")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from .model.check import check_content  # imported on use: an unchanged `build` never needs pypinyin

    report = Report()
    catalogue = check_content(args.content, report, drafts_block=not args.public)
    _print_report(report, args.strict)
    if catalogue is not None and not report.failed(args.strict):
        brands = catalogue.brands.values()
        print(f"品牌 {len(brands)} 个（已认定 {sum(b.approved for b in brands)} 个），"
              f"案例 {len(catalogue.cases)} 个，观摩会 {len(catalogue.meetings)} 个，党组织 {len(catalogue.units)} 个"
              + _joint_counts(catalogue) + "。")
    return 1 if report.failed(args.strict) else 0


def _joint_counts(catalogue) -> str:
    """Alliances, activities and campaigns, when the folder has any."""
    found = [(len(catalogue.alliances), "党建联盟"), (len(catalogue.activities), "工作动态"), (len(catalogue.campaigns), "专项工作")]
    return "".join(f"，{name} {count} 个" for count, name in found if count)


def run_build(args: argparse.Namespace) -> int:
    site_dir = args.site_dir or Path("site-preview" if args.preview else "site")
    started = time.perf_counter()
    outcome = pipeline.build(args.content, site_dir, preview=args.preview, strict=args.strict,
                             engine_name=args.engine, incremental=not args.full)
    _print_report(outcome.report, args.strict)
    if outcome.refused:
        print(f"错误 {outcome.refused}", file=sys.stderr)
        return 2
    if not outcome.ok:
        print(f"没有生成网站，{display_path(site_dir)} 保持原样。", file=sys.stderr)
        return 1
    for warning in outcome.mkdocs_warnings:
        print(f"警告 MkDocs：{warning}", file=sys.stderr)
    for skipped in outcome.skipped:
        print(f"提示 {skipped}", file=sys.stderr)
    if outcome.up_to_date:
        print(f"内容没有变化，{display_path(outcome.site_dir)}/ 已是最新（用时 {time.perf_counter() - started:.1f} 秒）。")
        return 0
    print(_summary(outcome, time.perf_counter() - started))
    return 0


def _summary(outcome: pipeline.BuildResult, seconds: float) -> str:
    view = outcome.view
    batches = "，".join(f"{b.batch.name} {len(b.brands)}" for b in view.batches if b.brands)
    kind = "预览版网站（含未认定记录，仅供审阅）" if view.preview else "网站"
    written = outcome.written
    return (
        f"已生成{kind}：品牌 {len(view.brands)} 个（{batches or '无'}），案例 {len(view.cases)} 个，"
        f"党组织 {len(view.units)} 个，标签 {len(view.tags)} 个"
        + "".join(f"，{name} {len(items)} 个" for items, name in ((view.alliances, "党建联盟"), (view.activities, "工作动态"),
                                                             (view.campaigns, "专项工作")) if items)
        + f"，共 {outcome.pages} 页"
        f"（更新 {written.written}、未变 {written.unchanged}、删除 {written.removed}）"
        + (f"，只重新生成了有变化的 {outcome.rebuilt} 页" if outcome.rebuilt is not None else "")
        + f"。\n输出：{display_path(outcome.site_dir)}/　用时 {seconds:.1f} 秒。"
    )


def run_serve(args: argparse.Namespace) -> int:
    from .publish.serve import serve

    return serve(args.content, preview=args.preview, addr=args.addr)


def run_new(args: argparse.Namespace) -> int:
    problem = record_id_problem(args.id)
    if problem:
        print(f"错误 {problem}", file=sys.stderr)
        return 1
    folder = args.content / KINDS[args.kind].folder
    target = folder / f"{args.id}.yml"
    if target.exists() or target.is_symlink():
        print(f"错误 {display_path(target)} 已经存在，不会覆盖。", file=sys.stderr)
        return 1
    from .model.check import read_site

    site = read_site(args.content, Report())
    newest = site.batches_newest_first[0].name if site and site.batches else None
    change = ChangeSet()  # written whole or not at all
    change.put(target, scaffold(args.kind, batch=newest if args.kind == "brand" else None).encode("utf-8"))
    change.apply()
    print(f"已新建 {display_path(target)}，请按注释填写，然后运行 python -m generator check。")
    return 0


def run_handout(args: argparse.Namespace) -> int:
    from .handout.booklet import make

    output = args.output or Path("handouts") / f"{args.meeting}.pdf"
    problem = handout_problem(output, args.content)
    if problem:
        print(f"错误 {problem}", file=sys.stderr)
        return 1
    result = make(args.content, args.meeting, output)
    _print_report(result.report, strict=False)
    if result.error:
        print(result.error, file=sys.stderr)
        return 1
    if result.without_qr:
        print("提示 site.yml 没有填写“网址”：手册中不印二维码（宁缺勿错）。", file=sys.stderr)
    seconds = sum(result.times.values())
    print(f"已生成观摩手册：{display_path(output)}（{result.pages} 页，{result.stops} 个观摩点，"
          f"用时 {seconds:.1f} 秒）；可打印的网页版：{display_path(output.with_suffix('.html'))}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from .importers import ask_at_terminal, import_files

    ask = ask_at_terminal if sys.stdin.isatty() else None  # no terminal, no question: --yes or nothing
    outcome = import_files(args.files, args.content, kind=args.kind, force=args.force, confirm=args.yes or ask,
                           record_id=args.record_id)
    for line in outcome.messages:
        print(line)
    for line in outcome.errors:
        print(line, file=sys.stderr)
    return outcome.code


def run_workbench(args: argparse.Namespace) -> int:
    from .workbench import run

    return run(args.content, args.site_dir, args.port, open_browser=not args.no_browser)


def run_schema(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        path = args.out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"已写入 {display_path(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
