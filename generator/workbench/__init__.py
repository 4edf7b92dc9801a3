"""`workbench`: the brand lifecycle in a browser, for clerks who never see YAML.

server.py (127.0.0.1, token, Host and Origin) → app.py (routes) → pages.py (what is shown) and
actions.py / uploads.py / lifecycle.py (what changes) → store.py + yamldoc.py (the files, rewritten
only where changed) → inline.py (the `check` problems at their fields); forms.py makes every form
from schema.py; jobs.py runs the real build for publishing, previews and handouts.
"""

from __future__ import annotations

import shutil
import sys
import threading
import webbrowser
from pathlib import Path


DEFAULT_PORT = 8765


def start(content: Path, site_dir: Path, port: int = 0):
    """The server, listening, in a background thread (tests and the benchmark use this)."""
    from .app import App
    from .server import WorkbenchServer

    server = WorkbenchServer(App(content, site_dir), port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(content: Path, site_dir: Path, port: int, open_browser: bool) -> int:
    if not content.is_dir():
        print(f"错误 找不到内容文件夹 {content}，请用 --content 指定", file=sys.stderr)
        return 1
    from .app import App
    from .server import WorkbenchServer

    app = App(content, site_dir)
    try:
        server = WorkbenchServer(app, port)
    except OSError as exc:
        if port == DEFAULT_PORT:  # another workbench has it: take any free port
            server = WorkbenchServer(app, 0)
        else:
            print(f"错误 无法使用端口 {port}（{exc.strerror}）；请用 --port 换一个端口", file=sys.stderr)
            return 1
    print(f"工作台已启动，请在浏览器中打开（地址含访问口令，请勿发给他人）：\n  {server.url}\n按 Ctrl+C 停止。", flush=True)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(server.url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("工作台已停止。")
    finally:
        server.server_close()
        shutil.rmtree(server.app.private, ignore_errors=True)  # previews, handouts and uploads
    return 0


__all__ = ["run", "start"]
