"""``hinge serve``: run the API and the PWA on one port."""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import uvicorn
from litestar.concurrency import set_asyncio_executor

from server.app import create_app
from server.settings import load_settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="hinge", description="Hinge, the hip-hinge workout logger.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API and the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args(argv)

    # Requests wait on the group-commit writer in threads; a deep pool lets
    # many of them share one commit instead of queueing for a thread first.
    # The writer thread gives up the GIL inside every SQLite call and then waits
    # for it; at the default 5 ms switch interval a busy event loop makes each
    # of those waits long (the convoy effect), so hand the GIL over sooner.
    sys.setswitchinterval(0.0002)
    set_asyncio_executor(ThreadPoolExecutor(max_workers=64, thread_name_prefix="hinge-request"))
    environ = {**os.environ, "HINGE_DATA_DIR": str(args.data_dir)}
    app = create_app(load_settings(environ))
    print(f"Hinge is serving http://{args.host}:{args.port}/ (data in {args.data_dir.resolve()})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
