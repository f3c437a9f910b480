"""Command line: parse the arguments, then hand over. Qt is imported only to open the window."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from followup_desktop import APP_NAME, __version__, paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup-desktop",
        description=f"{APP_NAME}: record what you saw in an interview and send a prompt, "
        "personal follow-up. Everything stays in one local file.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"the data folder (wins over ${paths.ENV_DATA_DIR}; default: your user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="fill an empty data folder with sample debriefs and open it; without --data-dir "
        "it uses a separate demo folder, never your real data",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--self-test",
        action="store_true",
        help="check the database and every built-in template without a window, then exit",
    )
    mode.add_argument(
        "--startup-check",
        action="store_true",
        help="start for real and quit after the main window's first paint "
        "(exit status 0 if all is well)",
    )
    return parser


def resolve_data_dir(args: argparse.Namespace) -> Path:
    if args.demo and not args.data_dir:
        return paths.demo_data_dir()
    return paths.data_dir(args.data_dir)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args)
    if args.self_test:
        from followup_desktop.selftest import run_self_test

        return run_self_test(data_dir, demo=args.demo, out=sys.stdout)
    # Start-up creates many objects that live as long as the app; collecting garbage among
    # them is wasted time. app.run() turns collection back on once the window is up.
    gc.disable()
    # The plain-Python core before Qt: once PySide is loaded, its import hook reads the source
    # of every module imported after it (to see whether the module uses PySide).
    import followup_desktop.context  # noqa: F401
    from followup_desktop.app import run  # the only path that loads Qt

    return run(data_dir, demo=args.demo, startup_check=args.startup_check)
