"""A corpus of broken content: each mistake gives the right Chinese message with file, line and
field, no traceback, and nothing written. The run prints how many bad inputs it tried."""

import struct
import zlib

import pytest

from generator.publish import pipeline

from conftest import SITE, UNITS, activity, alliance, brand, built, campaign, case, dump, meeting, write_content

B = dump(brand())  # a valid brand, as text, to break line by line


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(start))


# name → (folder files {path: text or bytes}, expected file, expected line (or None), field, words in the message)
CORPUS = {
    "yaml: unclosed bracket": ({"brands/x.yml": replace(B, "标签:\n- 五星五型", "标签: [五星五型\n")}, "x.yml", None, "", "方括号"),
    "yaml: tab indentation": ({"brands/x.yml": replace(B, "  要点:", "\t要点:")}, "x.yml", 17, "", "Tab"),
    "yaml: full-width colon": ({"brands/x.yml": replace(B, "口号: ", "口号：")}, "x.yml", 2, "", "半角"),
    "yaml: unclosed quote": ({"brands/x.yml": replace(B, "口号: 一心为民治水", '口号: "一心为民治水')}, "x.yml", 2, "", "引号"),
    "yaml: value starting with %": ({"brands/x.yml": replace(B, "单位: 个", "单位: %")}, "x.yml", None, "", "“%”开头"),
    "yaml: value starting with @": ({"brands/x.yml": replace(B, "口号: 一心为民治水", "口号: @一心为民治水")}, "x.yml", 2, "", "“@”开头"),
    "yaml: bad indentation": ({"brands/x.yml": replace(B, "  内容: 阵地说明。", "     内容: 阵地说明。")}, "x.yml", None, "", "缩进"),
    "duplicate key": ({"brands/x.yml": B + "口号: 又一个口号\n"}, "x.yml", B.count("\n") + 1, "口号", "重复"),
    "empty file": ({"brands/x.yml": ""}, "x.yml", None, "", "空"),
    "only a comment": ({"brands/x.yml": "# 还没写\n"}, "x.yml", None, "", "空"),
    "a list, not a record": ({"brands/x.yml": "- 品牌名称: 甲\n"}, "x.yml", 1, "", "字段"),
    "a sentence, not a record": ({"brands/x.yml": "这是一个品牌\n"}, "x.yml", 1, "", "字段"),
    "string for list (主要措施)": ({"brands/x.yml": dump(brand(主要措施="强化学习"))}, "x.yml", None, "主要措施", "应为列表"),
    "string for list (标签)": ({"brands/x.yml": dump(brand(标签="水利"))}, "x.yml", None, "标签", "应为列表"),
    "list for string (品牌名称)": ({"brands/x.yml": dump(brand(["甲", "乙"]))}, "x.yml", 1, "品牌名称", "应为一段文字"),
    "mapping for string (口号)": ({"brands/x.yml": dump(brand(口号={"甲": "乙"}))}, "x.yml", None, "口号", "应为一段文字"),
    "number for date": ({"brands/x.yml": dump(brand(认定日期=20241205))}, "x.yml", None, "认定日期", "日期格式"),
    "impossible date": ({"brands/x.yml": dump(brand(认定日期="2024-02-30"))}, "x.yml", None, "认定日期", "不是有效的日期"),
    "wrong status": ({"brands/x.yml": dump(brand(状态="通过"))}, "x.yml", None, "状态", "已认定"),
    "approved without date": ({"brands/x.yml": dump(brand(认定日期=None))}, "x.yml", None, "认定日期", "必须填写认定日期"),
    "measure without text": ({"brands/x.yml": dump(brand(主要措施=[{"标题": "甲"}]))}, "x.yml", None, "主要措施 › 第1项 › 内容", "至少要填写一项"),
    "empty outcomes": ({"brands/x.yml": dump(brand(工作成效={"综述": ""}))}, "x.yml", None, "工作成效", ""),
    "misspelled key": ({"brands/x.yml": replace(B, "主要措施:", "主要措旋:")}, "x.yml", None, "主要措旋", "主要措施"),
    "misspelled nested key": ({"brands/x.yml": replace(B, "- 标题: 强化理论学习", "- 标提: 强化理论学习")}, "x.yml", None, "主要措施 › 第1项 › 标提", "标题"),
    "unknown unit": ({"brands/x.yml": dump(brand(党组织="nobody"))}, "x.yml", 3, "党组织", "找不到党组织"),
    "unknown batch": ({"brands/x.yml": dump(brand(批次="第九批"))}, "x.yml", 4, "批次", "没有“第九批”"),
    "unknown related brand": ({"brands/bishui.yml": B, "cases/c.yml": dump(case(相关品牌=["nothere"]))}, "c.yml", None, "相关品牌", "找不到品牌"),
    "meeting: unapproved brand": ({"brands/bishui.yml": dump(brand(状态="培育", 认定日期=None)), "meetings/m.yml": dump(meeting())}, "m.yml", None, "观摩点 › 第1项 › 品牌", "只有已认定"),
    "meeting: empty route": ({"brands/bishui.yml": B, "meetings/m.yml": dump(meeting(观摩点=[]))}, "m.yml", None, "观摩点", "不能为空"),
    "meeting: unknown demonstration site": ({"brands/bishui.yml": B, "meetings/m.yml": dump(meeting(观摩点=[{"示范点": "没有这个示范点"}]))}, "m.yml", None, "观摩点 › 第1项 › 示范点", "没有这个示范点"),
    "same id twice": ({"brands/x.yml": B, "brands/x.yaml": B}, "x.yml", None, "", "文件名相同"),
    "colliding addresses": ({"brands/四小工作法.yml": B, "brands/si-xiao-gong-zuo-fa.yml": B}, None, None, "", "网页地址相同"),
    "image missing": ({"brands/x.yml": dump(brand(标识="images/none.png"))}, "x.yml", None, "标识", "找不到图片"),
    "image absolute": ({"brands/x.yml": dump(brand(标识="/etc/logo.png"))}, "x.yml", None, "标识", "绝对路径"),
    "image leaving content": ({"brands/x.yml": dump(brand(标识="../../etc/passwd"))}, "x.yml", None, "标识", ".."),
    "image that is not a picture": ({"brands/x.yml": dump(brand(标识="images/fake.png")), "images/fake.png": b"not a picture"}, "x.yml", None, "标识", "不是有效的图片"),
    "huge file": ({"brands/x.yml": "创建背景: |\n" + ("  一段很长的文字。\n" * 700_000)}, "x.yml", None, "", "文件过大"),
    "control character": ({"brands/x.yml": replace(B, "一心为民治水", "一心\x07为民治水")}, "x.yml", 2, "", "控制字符"),
    "undecodable bytes": ({"brands/x.yml": b"\xe5\x93: \x80\x80\n"}, "x.yml", None, "", "编码"),
    "missing site.yml": ({"site.yml": None, "brands/x.yml": B}, "site.yml", None, "", "缺少这个文件"),
    "site without batches": ({"site.yml": dump({k: v for k, v in SITE.items() if k != "批次"}), "brands/x.yml": B}, "site.yml", None, "批次", "缺少"),
    "duplicate unit id": ({"units.yml": dump(UNITS + [{"编号": "water", "名称": "又一个"}]), "brands/x.yml": B}, "units.yml", 7, "编号", "重复"),
    "bad site address": ({"site.yml": dump({**SITE, "网址": "example.gov.cn"}), "brands/x.yml": B}, "site.yml", 3, "网址", "http"),
}


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a pixel bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
ACTIVE_SVG = {  # name → (svg body, words in the message)
    "script element": ("<script>alert(1)</script>", "<script>"),
    "onload attribute": ('<rect width="1" height="1" onload="alert(1)"/>', "onload"),
    "javascript link": ('<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a>', "javascript"),
    "foreignObject": ("<foreignObject><p>x</p></foreignObject>", "foreignobject"),
    "external image": ('<image href="https://example.com/track.png" width="1" height="1"/>', "外部"),
    "external style": ("<style>@import url(https://example.com/x.css);</style>", "外部"),
    "animated href": ('<a><animate attributeName="href" to="javascript:alert(1)"/></a>', "<animate>"),
}
CORPUS.update({f"svg: {name}": ({"brands/x.yml": dump(brand(标识="images/logo.svg")),
                                 "images/logo.svg": SVG.format(body)}, "x.yml", None, "标识", words)
               for name, (body, words) in ACTIVE_SVG.items()})
CORPUS.update({
    "svg: empty file": ({"brands/x.yml": dump(brand(标识="images/logo.svg")), "images/logo.svg": b""}, "x.yml", None, "标识", "空"),
    "svg: entity declarations": ({"brands/x.yml": dump(brand(标识="images/logo.svg")),
                                  "images/logo.svg": '<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("&a;")}, "x.yml", None, "标识", "ENTITY"),
    "svg: not xml": ({"brands/x.yml": dump(brand(标识="images/logo.svg")), "images/logo.svg": "品牌名称: 甲\n"}, "x.yml", None, "标识", "SVG"),
    "pixel bomb": ({"brands/x.yml": dump(brand(标识="images/big.png")), "images/big.png": _png_claiming(20000, 20000)},
                   "x.yml", None, "标识", "像素过多"),
    "pixels over the limit, under the bomb size": ({"brands/x.yml": dump(brand(标识="images/big.png")),
                                                   "images/big.png": _png_claiming(10000, 10000)}, "x.yml", None, "标识", "像素过多"),
    "yaml: alias bomb": ({"brands/x.yml": "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))}, "x.yml", None, "", "别名"),
    "yaml: recursive alias": ({"brands/x.yml": replace(B, "口号: 一心为民治水", "口号: &a [*a]")}, "x.yml", 2, "", "自己"),
    "not utf-8 file name": ({"brands/x.yml": B, "brands/\udcc6\udcb7\udcc5\udcc6.yml": B}, None, None, "", "UTF-8"),
})
CORPUS.update({f"missing {key}": ({"brands/x.yml": dump(brand(**{key: None}))}, "x.yml", 1, key, "缺少")
               for key in ("品牌名称", "党组织", "批次", "状态", "创建背景", "主要措施", "工作成效")})
CORPUS.update({f"missing case {key}": ({"brands/bishui.yml": B, "cases/c.yml": dump(case(**{key: None}))}, "c.yml", 1, key, "缺少")
               for key in ("标题", "发布单位", "发布日期", "状态", "工作背景", "主要做法", "工作成效")})
CORPUS.update({f"missing meeting {key}": ({"brands/bishui.yml": B, "meetings/m.yml": dump({k: v for k, v in meeting().items() if k != key})}, "m.yml", 1, key, "缺少")
               for key in ("名称", "日期", "主办单位", "观摩点")})



def joint(folder: str, record: dict) -> dict:
    """A broken alliance, activity or campaign beside valid ones it may refer to."""
    files = {"brands/bishui.yml": B, "alliances/lianmeng.yml": dump(alliance()),
             "campaigns/jianshenian.yml": dump(campaign())}
    files[f"{folder}/x.yml"] = dump(record)
    return files


def joint_line(record: dict, start: str) -> int:
    return line_of(dump(record), start)


THREE_UNITS = UNITS + [{"编号": "union", "名称": "测试县总工会机关党支部"}]
BAD_MEMBER = alliance(成员单位=["water", "nobody"])
BAD_ROTA = alliance(轮值安排=[{"单位": "water", "开始": "2024-01-01", "结束": "2025-01-31"}])
LATE_ACTIVITY = activity(日期="2023-12-01")
CORPUS.update({
    "alliance: unknown member unit": (joint("alliances", BAD_MEMBER), "x.yml", joint_line(BAD_MEMBER, "- nobody"), "成员单位 › 第2项", "找不到党组织"),
    "alliance: lead unit outside the members": ({"units.yml": dump(THREE_UNITS), **joint("alliances", alliance(牵头单位="union"))}, "x.yml", 5, "牵头单位", "不在成员单位里"),
    "alliance: misspelled lead unit": (joint("alliances", alliance(牵头单位="watr")), "x.yml", 5, "牵头单位", "是不是“water”"),
    "alliance: rota unit not a member": ({"units.yml": dump(THREE_UNITS), **joint("alliances", alliance(轮值安排=[{"单位": "union", "开始": "2024-01-01", "结束": "2024-02-01"}]))}, "x.yml", None, "轮值安排 › 第1项 › 单位", "不是这个联盟的成员单位"),
    "alliance: rota outside the year": (joint("alliances", BAD_ROTA), "x.yml", joint_line(BAD_ROTA, "结束: '2025"), "轮值安排 › 第1项 › 结束", "不在联盟的年度（2024年）之内"),
    "alliance: rota ends before it starts": (joint("alliances", alliance(轮值安排=[{"单位": "water", "开始": "2024-03-01", "结束": "2024-02-01"}])), "x.yml", None, "轮值安排 › 第1项 › 结束", "早于开始日期"),
    "alliance: one member only": (joint("alliances", alliance(成员单位=["water"])), "x.yml", None, "成员单位", "至少要有 2 项"),
    "alliance: wrong status": (joint("alliances", alliance(状态="运作")), "x.yml", None, "状态", "是不是“运行”"),
    "alliance: unknown joint-work heading": (joint("alliances", alliance(活动内容=[{"类别": "理论联学", "内容": "说明。"}])), "x.yml", None, "活动内容 › 第1项 › 类别", "政治理论联学"),
    "activity: misspelled alliance": (joint("activities", activity(联盟="lianmen")), "x.yml", None, "联盟", "是不是“lianmeng”"),
    "activity: misspelled brand": (joint("activities", activity(品牌="bishu")), "x.yml", None, "品牌", "是不是“bishui”"),
    "activity: published under an unformed alliance": ({**joint("activities", activity()), "alliances/lianmeng.yml": dump(alliance(状态="筹建"))}, "x.yml", None, "联盟", "不公开"),
    "activity: published under an unapproved brand": ({**joint("activities", activity()), "brands/bishui.yml": dump(brand(状态="培育", 认定日期=None))}, "x.yml", None, "品牌", "不公开"),
    "activity: dated outside its campaign": (joint("activities", LATE_ACTIVITY), "x.yml", joint_line(LATE_ACTIVITY, "日期"), "日期", "不在专项工作"),
    "activity: no organiser": (joint("activities", activity(主办单位=None, 联盟=None, 品牌=None)), "x.yml", None, "主办单位", "至少要填写一项"),
    "activity: unknown participant": (joint("activities", activity(参加单位=["nobody"])), "x.yml", None, "参加单位 › 第1项", "找不到党组织"),
    "activity: unknown campaign": (joint("activities", activity(专项工作="jianshe")), "x.yml", None, "专项工作", "是不是“jianshenian”"),
    "activity: unknown category": (joint("activities", activity(类别="联欢会")), "x.yml", None, "类别", "不是可选的值"),
    "meeting: unknown alliance": ({**joint("activities", activity()), "meetings/m.yml": dump(meeting(观摩点=[{"联盟": "lianmen"}]))}, "m.yml", None, "观摩点 › 第1项 › 联盟", "是不是“lianmeng”"),
    "meeting: unformed alliance": ({**joint("activities", activity(状态="草稿")), "alliances/lianmeng.yml": dump(alliance(状态="筹建")),
                                    "meetings/m.yml": dump(meeting(观摩点=[{"联盟": "lianmeng"}]))}, "m.yml", None, "观摩点 › 第1项 › 联盟", "只有运行中的联盟"),
    "campaign: count not in the list": (joint("campaigns", campaign(目标=[{"指标": "甲", "目标值": 1, "统计": "认定案例"}])), "x.yml", None, "目标 › 第1项 › 统计", "不是可选的值"),
    "campaign: ratio not a:b:c": (joint("campaigns", campaign(示范点比例="3-6-12")), "x.yml", None, "示范点比例", "比例应写作"),
    "campaign: target not a number": (joint("campaigns", campaign(目标=[{"指标": "甲", "目标值": "三个"}])), "x.yml", None, "目标 › 第1项 › 目标值", "应为数字"),
    "campaign: entered and counted value": (joint("campaigns", campaign(目标=[{"指标": "甲", "目标值": 3, "完成值": 1, "统计": "运行联盟"}])), "x.yml", None, "目标 › 第1项 › 统计", "只能填写一项"),
    "campaign: stage ends before it starts": (joint("campaigns", campaign(阶段=[{"名称": "甲", "开始": "2024-03-01", "结束": "2024-01-01"}])), "x.yml", None, "阶段 › 第1项 › 结束", "早于开始日期"),
})
CORPUS.update({f"missing alliance {key}": (joint("alliances", alliance(**{key: None})), "x.yml", 1, key, "缺少")
               for key in ("联盟名称", "年度", "状态", "牵头单位", "成员单位")})
CORPUS.update({f"missing activity {key}": (joint("activities", activity(**{key: None})), "x.yml", 1, key, "缺少")
               for key in ("标题", "日期", "状态", "内容")})
CORPUS.update({f"missing campaign {key}": (joint("campaigns", campaign(**{key: None})), "x.yml", 1, key, "缺少")
               for key in ("名称", "年度", "状态", "目标")})


def materialise(root, files):
    write_content(root)
    for path, data in files.items():
        target = root / path
        if data is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_input(tmp_path, name):
    files, file, line, field, words = CORPUS[name]
    content = materialise(tmp_path / "content", files)
    outcome = pipeline.build(content, tmp_path / "site")
    assert not outcome.ok
    errors = outcome.report.errors
    assert errors, name
    match = [p for p in errors if (file is None or p.file.name == file) and words in p.message
             and (not field or p.field == field) and (line is None or p.line == line)]
    assert match, [p.format() for p in errors]
    assert all(p.format().isprintable() for p in errors)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # nothing written


def test_count_of_bad_inputs(capsys):
    with capsys.disabled():
        print(f"\n坏输入语料：{len(CORPUS)} 种错误")
    assert len(CORPUS) >= 40


# Doubtful but usable input: builds, with a warning or a note where the user should look.
TOLERATED = {
    "zero-width space in a name": ({"brands/x.yml": replace(B, "碧水先锋", "碧水\u200b先锋")}, "警告", "U+200B"),
    "BOM in the middle of the file": ({"brands/x.yml": replace(B, "口号:", "\ufeff口号:")}, "警告", "BOM"),
    "BOM at the start": ({"brands/x.yml": b"\xef\xbb\xbf" + B.encode("utf-8")}, "提示", "BOM"),
    "CRLF line endings": ({"brands/x.yml": B.replace("\n", "\r\n")}, None, ""),
    "GBK file": ({"brands/x.yml": B.encode("gbk")}, "提示", "GB18030"),
    "GB18030 file": ({"brands/x.yml": replace(B, "碧水先锋", "碧水先锋㐀").encode("gb18030")}, "提示", "GB18030"),
    "very long line": ({"brands/x.yml": replace(B, "品牌内涵: 内涵说明。", "品牌内涵: " + "很长的内涵说明。" * 20000)}, None, ""),
    "long brand name": ({"brands/x.yml": replace(B, "碧水先锋", "碧水先锋党员服务品牌创建示范工程")}, "警告", "一般不超过 15 个字"),
    "draft activity under an unformed alliance": ({"brands/x.yml": B, **joint("activities", activity(状态="草稿", 品牌="x")),
                                                   "alliances/lianmeng.yml": dump(alliance(状态="筹建"))}, None, ""),
    "campaign stage running into the next year": ({"brands/x.yml": B, **joint("campaigns", campaign(阶段=[{"名称": "甲", "开始": "2024-12-01", "结束": "2025-01-15"}]))},
                                                  "警告", "不在专项工作的年度"),
    "brand/ for brands/": ({"brands/x.yml": B, "brand/y.yml": B}, "警告", "是不是应该叫“brands”"),
    "品牌/ for brands/": ({"brands/x.yml": B, "品牌/y.yml": B}, "警告", "是不是应该叫“brands”"),
    "site.yaml beside site.yml": ({"brands/x.yml": B, "site.yaml": dump(SITE)}, "警告", "同时存在"),
    "a record at the top": ({"brands/x.yml": B, "y.yaml": B}, "警告", "记录要放在 brands/"),
    "units.yaml misspelt": ({"brands/x.yml": B, "unit.yml": dump(UNITS)}, "警告", "units.yml"),
    "unknown file": ({"brands/x.yml": B, "说明.docx": b"PK"}, "警告", "不会被读取"),
    "a folder inside brands/": ({"brands/x.yml": B, "brands/old/y.yml": B}, "警告", "子文件夹"),
    "a .txt record": ({"brands/x.yml": B, "brands/y.txt": B}, "警告", "不是 .yml 文件"),
}


@pytest.mark.parametrize("name", sorted(TOLERATED))
def test_tolerated_input_builds(tmp_path, name):
    files, level, words = TOLERATED[name]
    content = materialise(tmp_path / "content", files)
    outcome = built(content, tmp_path / "site")
    if level:
        assert any(p.level == level and words in p.message for p in outcome.report.problems), \
            [p.format() for p in outcome.report.problems]
    assert (tmp_path / "site" / "brands" / "x" / "index.html").is_file()
