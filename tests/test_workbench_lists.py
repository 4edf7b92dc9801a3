"""Lists, filters, approving a batch, publishing with problems, and the command that starts it all."""

import re
import subprocess
import sys

from conftest import PROJECT
from workbench_client import publish


def _names(page: str) -> list[str]:
    return re.findall(r'<td><a href="/edit/brand/[^"]+">([^<]+)</a></td>', page)


def test_lists_filter_by_status_and_search_by_name(bench):
    client, _ = bench
    everything = _names(client.get("/list/brand")[2])
    assert len(everything) == 11
    approved = _names(client.get("/list/brand?status=已认定")[2])
    assert approved and len(approved) < len(everything) and "物业红管家" not in approved
    assert _names(client.get("/list/brand?q=四小")[2]) == ["政务“四小”工作法"]
    assert _names(client.get("/list/brand?q=没有这个名字")[2]) == []
    status, _, page = client.get("/list/brand")
    assert re.search(r"红盾护企.*?</td>\s*<td>已认定</td>\s*<td>中共青岚县市场监督管理局", page, re.S)
    assert "1 个警告" in page  # the name longer than 15 characters


def test_a_whole_batch_is_approved_at_once_except_records_with_errors(bench):
    client, content = bench
    for name, extra in (("qinghe-shouwang", ""), ("yangguang-caizheng", ""), ("nuanxin-yijia", "broken")):
        path = content / "brands" / f"{name}.yml"
        text = re.sub(r"^状态: .*$", "状态: 验收中", path.read_text("utf-8"), flags=re.M)
        if extra:
            text = text.replace("批次: 第二批", "批次: 第二批\n口号:\n  - 不应是列表")
        path.write_text(re.sub(r"^认定日期: .*\n", "", text, flags=re.M), "utf-8")
    status, headers, _ = client.post("/approve-batch/brand", [("batch", "第二批"), ("date", "2024-12-20")])
    assert status == 303
    _, _, page = client.get(headers["Location"])
    assert "已认定 2 个" in page and "未认定 暖心工会" in page
    for name in ("qinghe-shouwang", "yangguang-caizheng"):
        text = (content / "brands" / f"{name}.yml").read_text("utf-8")
        assert "状态: 已认定" in text and "认定日期: 2024-12-20" in text and "原状态: 验收中" in text
    assert "状态: 验收中" in (content / "brands/nuanxin-yijia.yml").read_text("utf-8")


def test_publishing_with_a_problem_names_it_with_a_link_and_keeps_the_site(bench, tmp_path):
    client, content = bench
    assert publish(client)["state"] == "done"
    page = tmp_path / "site" / "brands" / "xian-feng-ling-hang" / "index.html"
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*.html")}
    brand = content / "brands/xianfeng-shuihui.yml"
    brand.write_text(brand.read_text("utf-8").replace("党组织: water-bureau", "党组织: no-such-unit"), "utf-8")
    state = publish(client)
    assert state["state"] == "failed" and "公开网站保持原样" in state["text"]
    problem = next(p for p in state["problems"] if "no-such-unit" in p["text"])
    assert problem["href"] == "/edit/brand/xianfeng-shuihui" and problem["text"].startswith("错误 brands/xianfeng-shuihui.yml 第")
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*.html")} == before
    assert page.exists() or before


def test_the_command_prints_a_loopback_address_with_a_token(tmp_path):
    child = subprocess.Popen([sys.executable, "-m", "generator", "workbench", "--content", str(PROJECT / "content"),
                              "--port", "0", "--no-browser"], cwd=tmp_path, stdout=subprocess.PIPE, text=True,
                             env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    try:
        line = next(line for line in child.stdout if "token=" in line).strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", line)
        import http.client

        port = int(line.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/" + line.split("/", 3)[3])
        response = connection.getresponse()
        assert response.status == 303 and "HttpOnly" in response.getheader("Set-Cookie")
    finally:
        child.terminate()
        child.wait(timeout=30)


def test_a_new_record_starts_as_a_draft_with_its_form_and_problems(bench):
    client, content = bench
    status, headers, _ = client.post("/new/brand", [("_id", "新品牌")])
    assert status == 303 and headers["Location"].startswith("/edit/brand/")
    text = (content / "brands" / "新品牌.yml").read_text("utf-8")
    assert "状态: 申报" in text
    status, _, page = client.get(headers["Location"])
    assert status == 200 and "缺少这一项" in page and 'aria-invalid="true"' in page
    status, _, page = client.post("/new/brand", [("_id", "新品牌")])
    assert status == 400 and "已被使用" in page


def test_every_kind_of_the_schema_gets_a_list_a_new_record_and_a_form(bench):
    from generator.model.schema import KINDS

    client, content = bench
    nav = client.get("/list/brand")[2]
    for kind in KINDS.values():
        assert f">{kind.label}</a>" in nav, kind.label
        if kind.folder is None:
            status, _, page = client.get(f"/edit/{kind.name}/{kind.name}")
        else:
            assert client.get(f"/list/{kind.name}")[0] == 200
            assert client.post(f"/new/{kind.name}", [("_id", f"new-{kind.name}")])[0] == 303
            status, _, page = client.get(f"/edit/{kind.name}/new-{kind.name}")
        assert status == 200, kind.name
        for field in getattr(kind.group, "fields", []):
            if field.key != "状态记录":
                assert re.search(rf'<(label|legend)[^>]*>{field.key}', page), (kind.name, field.key)


def test_a_case_is_published_by_its_button_and_withdrawn(bench):
    from generator.model.schema import KINDS
    from generator.workbench.store import Store

    client, content = bench
    path = content / "cases/liuzhua-shuili.yml"
    path.write_text(re.sub(r"^状态: .*$", "状态: 草稿", path.read_text("utf-8"), flags=re.M), "utf-8")
    version = Store(content).read(KINDS["case"], "liuzhua-shuili").version
    status, _, page = client.get("/edit/case/liuzhua-shuili")
    assert ">发布</button>" in page and ">认定</button>" not in page and ">不予认定</button>" not in page
    assert client.post("/status/case/liuzhua-shuili/publish", [("_version", version)])[0] == 303
    text = path.read_text("utf-8")
    assert "状态: 已发布" in text and "原状态: 草稿" in text and "新状态: 已发布" in text
    status, _, page = client.get("/edit/case/liuzhua-shuili")
    assert re.search(r"<caption>状态记录</caption>.*?草稿.*?已发布", page, re.S)
    status, _, page = client.post("/status/case/liuzhua-shuili/publish", [("_version", version)])
    assert "不能发布" in page  # already published


def test_status_changes_only_by_its_buttons(bench):
    from generator.model.schema import KINDS
    from generator.workbench.store import Store

    client, content = bench
    path = content / "brands/yangguang-caizheng.yml"  # 培育
    version = Store(content).read(KINDS["brand"], "yangguang-caizheng").version
    client.post("/save/brand/yangguang-caizheng", [("_version", version), ("状态", "已认定"), ("品牌名称", "阳光财政·精算为民")])
    assert "状态: 培育" in path.read_text("utf-8")
    status, _, page = client.get("/edit/brand/yangguang-caizheng")
    assert re.search(r'<input id="f-状态" value="培育" readonly', page)
    version = Store(content).read(KINDS["brand"], "yangguang-caizheng").version
    assert client.post("/status/brand/yangguang-caizheng/submit", [("_version", version)])[0] == 303
    assert "状态: 验收中" in path.read_text("utf-8") and "原状态: 培育" in path.read_text("utf-8")


def test_a_new_meeting_is_filled_in_block_yaml(bench):
    from generator.model.schema import KINDS
    from generator.workbench.store import Store

    client, content = bench
    assert client.post("/new/meeting", [("_id", "2025-guanmo")])[0] == 303
    version = Store(content).read(KINDS["meeting"], "2025-guanmo").version
    pairs = [("_version", version), ("名称", "2025年观摩会"), ("日期", "2025-06-01"), ("主办单位", "某工委"),
             ("观摩点", ""), ("观摩点.n1.品牌", "xianfeng-shuihui"), ("观摩点.n1.时间", "09:00-09:30")]
    assert client.post("/save/meeting/2025-guanmo", pairs)[0] == 303
    text = (content / "meetings/2025-guanmo.yml").read_text("utf-8")
    assert "名称: 2025年观摩会\n日期: 2025-06-01\n主办单位: 某工委\n观摩点:\n  - 品牌: xianfeng-shuihui\n    时间: 09:00-09:30\n" in text
    status, _, page = client.get("/edit/meeting/2025-guanmo")
    assert "检查通过" in page


def test_a_busy_default_port_gives_way_to_a_free_one(tmp_path):
    import socket

    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 8765))
        holder.listen()
    except OSError:
        pass  # already taken by someone else: just as good
    child = subprocess.Popen([sys.executable, "-m", "generator", "workbench", "--content", str(PROJECT / "content"),
                              "--no-browser"], cwd=tmp_path, stdout=subprocess.PIPE, text=True,
                             env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    try:
        line = next(line for line in child.stdout if "token=" in line)
        assert "127.0.0.1:8765/" not in line
    finally:
        child.terminate()
        child.wait(timeout=30)
        holder.close()


def test_a_stop_picks_approved_brands_and_their_demonstration_sites(bench):
    client, content = bench
    _, _, page = client.get("/edit/meeting/2024-guanmo")
    brands = re.search(r'<select id="f-观摩点-0-品牌".*?</select>', page, re.S).group(0)
    assert "先锋领航·水惠民生（xianfeng-shuihui）" in brands and "物业红管家" not in brands  # 未通过
    sites = re.search(r'<select id="f-观摩点-0-示范点".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="[^"]+示范点" selected>', sites)


def test_units_are_added_in_their_list(bench):
    client, content = bench
    from generator.model.schema import KINDS
    from generator.workbench.store import Store

    _, _, page = client.get("/edit/units/units")
    units = (content / "units.yml").read_text("utf-8").count("- 编号:")
    assert "添加一项：党组织" in page and page.count('aria-label="上移：党组织第') == units
    version = Store(content).read(KINDS["units"], "units").version
    pairs = [p for p in re.findall(r'name="(\d+\.[^"]+)" value="([^"]*)"', page)]
    pairs += [("n1.编号", "new-unit"), ("n1.名称", "中共青岚县新单位支部委员会")]
    before = (content / "units.yml").read_text("utf-8")
    assert client.post("/save/units/units", [("_version", version)] + pairs)[0] == 303
    after = (content / "units.yml").read_text("utf-8")
    assert after.startswith(before) and after.endswith("- 编号: new-unit\n  名称: 中共青岚县新单位支部委员会\n")


def test_what_the_importer_was_unsure_of_is_marked_at_its_field(bench):
    client, content = bench
    path = content / "brands/yangguang-caizheng.yml"
    path.write_text(path.read_text("utf-8") + "待核对:\n  - 字段: 主要措施 › 第1项 › 标题\n    原因: 由加粗的段落推断为标题\n", "utf-8")
    _, _, page = client.get("/edit/brand/yangguang-caizheng")
    assert re.search(r'<input id="f-主要措施-0-标题"[^>]*aria-describedby="[^"]*f-主要措施-0-标题-review"', page)
    assert '<ul class="review-notes" id="f-主要措施-0-标题-review"><li>待核对：由加粗的段落推断为标题</li></ul>' in page


def test_the_workbench_benchmark_opens_forms_and_publishes(tmp_path):
    from devtools.bench_workbench import form_seconds, publish_seconds
    from devtools.synth import synthesize

    times = form_seconds(synthesize(tmp_path / "large" / "content", 502))  # it opens brand-00500 and brand-00501
    assert len(times) == 3 and all(seconds > 0 for seconds in times.values())
    first, edited = publish_seconds(synthesize(tmp_path / "small" / "content", 60), edit="brand-00001")
    assert first > 0 and edited > 0  # each waits for brand-00050's page
    assert "改过的" in (tmp_path / "small" / "site" / "brands" / "brand-00001" / "index.html").read_text("utf-8")
