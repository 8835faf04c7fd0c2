#!/usr/bin/env python3
"""Command-line entry point: python scripts/showcase.py <命令>. See `-h`.

Run with any Python: before anything third-party is imported, this script makes sure it runs in
the project's environment. When the project has a virtual environment (.venv, made by
`make setup` or the Windows steps in the README) and this is another interpreter, it runs itself
again with .venv's Python, so `python scripts/showcase.py …` works whether or not the venv is
activated. Without a usable environment it says in Chinese what to run and exits 2, instead of a
traceback. Keep this file readable by old Pythons (no syntax newer than 3.6) so that the message,
not a SyntaxError, is what an old interpreter prints.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MINIMUM = (3, 11)
# Imported by every command; a missing one means the requirements are not installed here.
NEEDED = ("yaml", "pydantic", "jinja2", "markdown", "nh3", "jieba", "openpyxl", "docx", "mkdocs", "material")
USAGE_ERROR = 2
# Set for the second run, so a .venv whose Python is not really a virtual environment (a bare
# link to the system Python, say) cannot make the script start itself over and over.
REEXEC_ENV = "SHOWCASE_REEXEC"

SETUP = """请在项目根目录（{root}）先装好运行环境，只需一次：
  Linux：        make setup
  Windows（PowerShell）：
                 py -3.11 -m venv .venv
                 .venv\\Scripts\\pip install -r requirements.txt
装好后照原样再运行：python scripts/showcase.py {command}
（本脚本发现 .venv 后会自动改用其中的 Python，不必先“激活”虚拟环境。）"""


def venv_python():
    """.venv's interpreter, or None when the project has none."""
    for candidate in (VENV / "bin" / "python", VENV / "Scripts" / "python.exe"):
        if candidate.is_file():
            return candidate
    return None


def running_in_venv():
    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def missing_modules():
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def refuse(message):
    command = " ".join(sys.argv[1:]) or "validate"
    print(message + "\n" + SETUP.format(root=ROOT, command=command), file=sys.stderr, flush=True)
    return USAGE_ERROR


def in_venv(python):
    """Run this script again with .venv's Python and return its exit code."""
    arguments = [str(python), str(Path(__file__).resolve()), *sys.argv[1:]]
    environ = dict(os.environ, **{REEXEC_ENV: "1"})
    if os.name == "posix":  # replace this process: signals, exit code and terminal stay as they are
        try:
            os.execve(arguments[0], arguments, environ)
        except OSError as error:
            return refuse(f"无法启动项目虚拟环境中的 Python（{python}：{error.strerror or error}）。")
    try:  # Windows: os.exec* would return to the console before the command finishes
        return subprocess.call(arguments, env=environ)
    except OSError as error:
        return refuse(f"无法启动项目虚拟环境中的 Python（{python}：{error.strerror or error}）。")
    except KeyboardInterrupt:
        return USAGE_ERROR


def check_environment():
    """None when this interpreter can run the commands, else the exit code to leave with."""
    python = venv_python()
    if python is not None and not running_in_venv() and os.environ.get(REEXEC_ENV) != "1":
        return in_venv(python)
    if python is not None and not running_in_venv():  # started again, and still not in .venv
        return refuse(f"项目里的 .venv 不是可用的虚拟环境（{python} 不在其中运行），请删除 .venv 文件夹后重新安装。")
    if sys.version_info[:2] < MINIMUM:
        found = ".".join(str(part) for part in sys.version_info[:3])
        return refuse(f"需要 Python 3.11 或更新的版本，当前使用的是 {found}（{sys.executable}）。")
    missing = missing_modules()
    if missing:
        where = "项目虚拟环境 .venv 中" if running_in_venv() else f"当前使用的 Python（{sys.executable}）中"
        return refuse("运行环境还没有装好：{}缺少 {} 等依赖包。".format(where, "、".join(missing[:3])))
    return None


if __name__ == "__main__":
    code = check_environment()
    if code is not None:
        sys.exit(code)
    sys.path.insert(0, str(ROOT))
    from bench import commands as bench_commands
    from showcase.commands.main import main

    sys.exit(main(extra=[bench_commands.register]))
