"""The PWA's files at ``/``, with the headers an installable offline app needs.

The shell (HTML, CSS, ES modules, the program, icons) is read once at start and
versioned by a hash of its content. Versioned assets live under
``/v/<version>/`` and are cached for a year; ``/`` and ``/sw.js`` are
revalidated on every load, and carry the version in their text, so changing any
shell file makes a new service worker, which installs, waits, and lets the app
offer "reload to update". ES modules import each other by relative URLs, so the
version prefix carries through the whole module graph without a bundler.

Without a bundler, a browser finds a module's imports only once it has the module, so the
first visit would fetch the graph one level at a time. The server reads the static imports from
the entry module (``index.html``'s ``<script type="module">``) on and lists every module they
reach in ``<link rel="modulepreload">`` tags, so the browser fetches them all at once. Modules
reached only by dynamic ``import()`` (the screens other than Today) are left out: they load when
first shown, and the service worker precaches them with the rest.

Modules are sent without their whole-line ``//`` comments (blanked, so line numbers in the
browser's errors still match the source): a third of the bytes a lifter downloads were words for
the next developer. ``tests/unit/test_pwa_shell.py`` proves, with TypeScript's scanner, that
this leaves every module's tokens as they are.

Every response, API and unmatched paths included, gets ``X-Content-Type-Options`` and
``Referrer-Policy``; the PWA a strict Content-Security-Policy (no inline script
or style), the API and its OpenAPI document one that allows nothing at all, and
``Cache-Control: no-store``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.types import Message, Scope

from server.errors import ApiError

VERSION_TOKEN = "__HINGE_VERSION__"
SHELL_TOKEN = '["__HINGE_SHELL__"]'
# Files in pwa/ that are not part of the served app.
_NOT_SERVED = {".md", ".py", ".map", ".ts"}  # .ts: type declarations, for the checker only
_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".webmanifest", ".svg", ".txt"}
# Litestar appends "; charset=utf-8" to every text/ type itself.
_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}

PWA_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
ICON_CACHE = "public, max-age=86400"
# The entry module, as index.html names it.
_ENTRY = re.compile(r'<script type="module" src="/v/' + re.escape(VERSION_TOKEN) + r'/([^"]+)"></script>')
# A static import or re-export at the start of a line: `import x from "./a.js"`, `import "./a.js"`,
# `export { x } from "./a.js"`, over several lines too. Not `import("./a.js")`, which loads lazily,
# nor the `import("…")` of JSDoc types, which sit inside comments.
_STATIC_IMPORT = re.compile(r"""^[ \t]*(?:import|export)\b(?:[^'"();]*?\bfrom)?\s*["']([^"']+)["']""", re.M)


# A line that is only a `//` comment. Inside a template literal such a line would be text: the
# shell's test compares every module's tokens before and after, so one would be caught there.
_LINE_COMMENT = re.compile(rb"^[ \t]*//[^\n]*$", re.M)


def without_line_comments(source: bytes) -> bytes:
    """``source`` (a module) with each whole-line ``//`` comment blanked, line numbers kept."""
    return _LINE_COMMENT.sub(b"", source)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str

    @classmethod
    def of(cls, body: bytes, suffix: str) -> Asset:
        content_type = _TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
        gzipped = gzip.compress(body, compresslevel=9, mtime=0) if suffix in _COMPRESSIBLE else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        return cls(body, gzipped, content_type, f'"{hashlib.sha256(body).hexdigest()[:20]}"')


class Shell:
    """The PWA as served: the versioned assets, ``/``, ``/sw.js``, the manifest and icons."""

    def __init__(self, pwa_dir: Path, program_json: bytes) -> None:
        files = {path: (pwa_dir / path).read_bytes() for path in _shell_paths(pwa_dir)}
        files = {path: without_line_comments(body) if path.endswith(".js") else body for path, body in files.items()}
        files["program.json"] = program_json
        digest = hashlib.sha256()
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + files[path] + b"\0")
        self.version = digest.hexdigest()[:12]
        prefix = f"/v/{self.version}/"
        self.versioned = {
            path: Asset.of(body, Path(path).suffix)
            for path, body in files.items()
            if path not in {"index.html", "sw.js", "manifest.webmanifest"} and not path.startswith("icons/")
        }
        self.icons = {
            path.removeprefix("icons/"): Asset.of(body, Path(path).suffix)
            for path, body in files.items()
            if path.startswith("icons/")
        }
        self.precache = ["/", "/manifest.webmanifest"]
        self.precache += [f"/icons/{name}" for name in sorted(self.icons)]
        self.precache += [prefix + path for path in sorted(self.versioned)]
        entry = _ENTRY.search(files["index.html"].decode())
        if entry is None:
            raise ValueError("index.html loads no module from /v/" + VERSION_TOKEN + "/")
        self.entry = entry.group(1)
        self.static_modules = static_graph(self.entry, files)
        preloads = "".join(f'<link rel="modulepreload" href="{prefix}{path}">\n  ' for path in self.static_modules[1:])
        # main.js fetches the program once its modules have run: ask for it alongside them.
        preloads += f'<link rel="preload" href="{prefix}program.json" as="fetch" crossorigin>\n  '
        index = files["index.html"].replace(entry.group(0).encode(), (preloads + entry.group(0)).encode())
        index = index.replace(VERSION_TOKEN.encode(), self.version.encode())
        worker = files["sw.js"].replace(VERSION_TOKEN.encode(), self.version.encode())
        worker = worker.replace(SHELL_TOKEN.encode(), json.dumps(self.precache).encode())
        self.index = Asset.of(index, ".html")
        self.worker = Asset.of(worker, ".js")
        self.manifest = Asset.of(files["manifest.webmanifest"], ".webmanifest")

    def gzipped_shell_bytes(self) -> int:
        """The size of the whole app shell (HTML, CSS, JS) as served gzipped, icons and program aside."""
        return _gzipped_code([self.index, self.worker, *self.versioned.values()])

    def gzipped_first_load_bytes(self) -> int:
        """What a first visit downloads up front, gzipped: ``index.html``, the CSS, ``sw.js`` and the
        modules the entry module reaches by static imports (the ``modulepreload`` links)."""
        first = {path for path in self.versioned if path.endswith(".css")} | set(self.static_modules)
        return _gzipped_code([self.index, self.worker, *(self.versioned[path] for path in sorted(first))])

    def lazy_modules(self) -> list[str]:
        """The modules outside the first load: those only a dynamic ``import()`` reaches, loaded when
        first needed (and precached all the same), and any that no module imports yet."""
        return sorted(path for path in self.versioned if path.endswith(".js") and path not in self.static_modules)


def static_graph(entry: str, files: dict[str, bytes]) -> list[str]:
    """The modules ``entry`` reaches by static imports, ``entry`` first, in the order first reached."""
    reached = [entry]
    for module in reached:  # grows while it is read: breadth first
        for target in _STATIC_IMPORT.findall(files[module].decode()):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(module), target))
            if path not in files:
                raise ValueError(f"{module} imports {target}, which is not in the shell")
            if path not in reached:
                reached.append(path)
    return reached


def _gzipped_code(assets: Iterable[Asset]) -> int:
    return sum(
        len(asset.gzipped or asset.body)
        for asset in assets
        if asset.content_type.startswith(("text/html", "text/css", "text/javascript"))
    )


def _shell_paths(pwa_dir: Path) -> Iterable[str]:
    for path in sorted(pwa_dir.rglob("*")):
        relative = path.relative_to(pwa_dir)
        if not path.is_file() or path.suffix in _NOT_SERVED:
            continue
        if any(part.startswith(".") or part in {"node_modules", "__pycache__"} for part in relative.parts):
            continue
        yield relative.as_posix()


def _send(request: Request[Any, Any, State], asset: Asset, cache_control: str) -> Response[bytes]:
    headers = {"Cache-Control": cache_control, "ETag": asset.etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(b"", status_code=304, headers=headers)
    body = asset.body
    if asset.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=asset.content_type, headers=headers)


def _shell(request: Request[Any, Any, State]) -> Shell:
    shell: Shell = request.app.state.shell
    return shell


@get(["/", "/index.html"], include_in_schema=False)
async def index(request: Request[Any, Any, State]) -> Response[bytes]:
    return _send(request, _shell(request).index, REVALIDATE)


@get("/sw.js", include_in_schema=False)
async def service_worker(request: Request[Any, Any, State]) -> Response[bytes]:
    return _send(request, _shell(request).worker, REVALIDATE)


@get("/manifest.webmanifest", include_in_schema=False)
async def manifest(request: Request[Any, Any, State]) -> Response[bytes]:
    return _send(request, _shell(request).manifest, REVALIDATE)


@get("/icons/{name:str}", include_in_schema=False)
async def icon(request: Request[Any, Any, State], name: FromPath[str]) -> Response[bytes]:
    asset = _shell(request).icons.get(name)
    if asset is None:
        raise ApiError(404, f"no icon {name!r}")
    return _send(request, asset, ICON_CACHE)


@get("/v/{version:str}/{path:path}", include_in_schema=False)
async def versioned(request: Request[Any, Any, State], version: FromPath[str], path: FromPath[str]) -> Response[bytes]:
    shell = _shell(request)
    asset = shell.versioned.get(path.lstrip("/"))
    if asset is None:
        raise ApiError(404, f"no file {path!r} in the app")
    # An old page asking for its old version gets today's file, but must not keep it.
    return _send(request, asset, IMMUTABLE if version == shell.version else REVALIDATE)


pwa_router = Router(path="/", route_handlers=[index, service_worker, manifest, icon, versioned])


async def security_headers(message: Message, scope: Scope) -> None:
    """A before-send hook: the security headers of every response, set where a handler did not.

    A hook on the app, not a middleware, so that it also reaches what no route answered (404, 405).
    Private API answers may not be kept by any cache (a shared proxy, the browser's back button).
    Async although it awaits nothing: Litestar runs a plain function hook in a worker thread, two
    thread round trips for every response.
    """
    if message["type"] != "http.response.start":
        return
    path: str = scope["path"]
    extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
    if path.startswith(("/api/", "/schema")):
        extra.append((b"content-security-policy", API_CSP.encode()))
        extra.append((b"cache-control", b"no-store"))
    else:
        extra.append((b"content-security-policy", PWA_CSP.encode()))
    headers = list(message.get("headers", []))
    present = {name.lower() for name, _ in headers}
    message["headers"] = headers + [(name, value) for name, value in extra if name not in present]
