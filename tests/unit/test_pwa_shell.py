"""The PWA shell as the server builds it: versioning, its size budget, and the vendored ``idb``."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from server.progression.program import load_program
from server.routes.pwa import Shell, without_line_comments
from server.settings import PWA_DIR

ROOT = Path(__file__).resolve().parents[2]
FIRST_LOAD_BUDGET_BYTES = 60 * 1024
TOTAL_CAP_BYTES = 128 * 1024  # the lazy screens (History, Progress, Settings with the importers, an exercise) included
# Static imports and re-exports (`import x from "./a.js"`, `import "./a.js"`, `export { x } from
# "./a.js"`), not the lazy `import("./a.js")`: read here apart from the server's own reading.
IMPORT = re.compile(r"""^\s*(?:import|export)\b(?:[^'"]*?from)?\s+["']([^"']+)["']""", flags=re.M)
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*["']([^"']+)["']\s*\)""")


def shell() -> Shell:
    return Shell(PWA_DIR, load_program().to_json())


def imports_of(path: str, *, lazy: bool = False) -> list[str]:
    """What the module at ``path`` (inside pwa/) imports statically (with ``lazy``, by ``import()``
    as well), as paths inside pwa/."""
    source = (PWA_DIR / path).read_text()
    targets = IMPORT.findall(source) + (DYNAMIC_IMPORT.findall(source) if lazy else [])
    return [posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) for target in targets]


def graph(entry: str, *, lazy: bool = False) -> set[str]:
    reached = {entry}
    todo = [entry]
    while todo:
        for target in imports_of(todo.pop(), lazy=lazy):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    return reached


def test_first_load_fits_the_budget_and_the_whole_shell_the_larger_cap() -> None:
    """The budget is on what a first visit must download before it can show anything, gzipped as
    served: index.html, the CSS, sw.js and every module the entry module reaches by static imports
    (the modulepreload links). The screens other than Today are dynamic ``import()``s: reported
    apart, they load when first shown (the service worker precaches them at once all the same). So
    that the lazy part cannot grow without bound either, the whole shell (HTML + CSS + every module,
    icons and program aside) has a cap of its own."""
    built = shell()
    first = built.gzipped_first_load_bytes()
    total = built.gzipped_shell_bytes()
    print(f"gzipped first load (HTML + CSS + sw.js + static module graph): {first} bytes = {first / 1024:.1f} KiB")
    print(f"gzipped outside the first load, loaded lazily ({', '.join(built.lazy_modules())}): {total - first} bytes")
    print(f"gzipped whole shell: {total} bytes = {total / 1024:.1f} KiB")
    assert first <= FIRST_LOAD_BUDGET_BYTES
    assert total <= TOTAL_CAP_BYTES
    assert built.lazy_modules(), "the screens other than Today load lazily"


def test_modulepreload_links_list_exactly_the_static_import_graph() -> None:
    built = shell()
    prefix = f"/v/{built.version}/"
    found = re.search(r'<script type="module" src="([^"]+)"></script>', built.index.body.decode())
    assert found is not None
    entry = found.group(1).removeprefix(prefix)
    static = graph(entry)
    links = re.findall(r'<link rel="modulepreload" href="([^"]+)">', built.index.body.decode())
    assert len(links) == len(set(links))
    assert {link.removeprefix(prefix) for link in links} == static - {entry}, "its own <script> loads the entry"
    assert all(link.startswith(prefix) for link in links), "same origin, this version"
    assert f'<link rel="preload" href="{prefix}program.json" as="fetch" crossorigin>' in built.index.body.decode()
    # The rest of the modules: what the screens' import() calls reach (and any no module imports
    # yet), every one precached.
    assert built.lazy_modules() == sorted({path for path in built.versioned if path.endswith(".js")} - static)
    lazy = graph(entry, lazy=True) - static
    assert lazy, "the screens other than Today load lazily"
    assert lazy <= set(built.lazy_modules())
    for path in built.lazy_modules():
        assert f'"{prefix}{path}"' in built.worker.body.decode(), f"sw.js does not precache {path}"


def test_a_static_import_of_a_file_not_in_the_shell_stops_the_server_starting(tmp_path: Path) -> None:
    for path in PWA_DIR.rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(PWA_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    main = tmp_path / "js" / "main.js"
    main.write_text('import { gone } from "./gone.js";\n' + main.read_text())
    with pytest.raises(ValueError, match=r"gone\.js"):
        Shell(tmp_path, load_program().to_json())


def test_version_changes_with_any_shell_file(tmp_path: Path) -> None:
    for path in PWA_DIR.rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(PWA_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    program = load_program().to_json()
    before = Shell(tmp_path, program)
    assert before.version == shell().version
    (tmp_path / "css" / "app.css").write_text((tmp_path / "css" / "app.css").read_text() + "\n/* changed */\n")
    after = Shell(tmp_path, program)
    assert after.version != before.version
    assert after.worker.body != before.worker.body, "a new sw.js is what makes browsers update"


def test_every_module_import_resolves_inside_the_shell() -> None:
    built = shell()
    for path in built.versioned:
        if path.endswith(".js"):
            for target in imports_of(path):
                assert target in built.versioned, f"{path} imports {target}, which is not served"


def test_vendored_idb_is_the_pinned_npm_package() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/idb"]["version"]
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["idb"] == pinned
    installed = ROOT / "node_modules" / "idb"
    assert installed.is_dir(), "run `npm ci` (scripts/test.sh does) to check the vendored copy"
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    assert (PWA_DIR / "vendor" / "idb.js").read_bytes() == (installed / "build" / "index.js").read_bytes()


def test_modules_are_sent_without_whole_line_comments_and_their_code_unchanged(tmp_path: Path) -> None:
    """The server blanks whole-line ``//`` comments. TypeScript's scanner reads every module as
    written and as served: the same tokens, the same number of lines, and no comment line left."""
    built = shell()
    sources = sorted(path for path in PWA_DIR.rglob("*.js"))
    served: list[Path] = []
    for source in sources:
        relative = source.relative_to(PWA_DIR).as_posix()
        body = built.worker.body if relative == "sw.js" else built.versioned[relative].body
        if relative != "sw.js":
            assert body == without_line_comments(source.read_bytes())
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        served.append(target)
        assert body.count(b"\n") == source.read_bytes().count(b"\n"), f"{relative}: lines moved"
        assert not re.search(rb"^[ \t]*//", body, re.M), f"{relative} still sends a comment line"
    script = str(ROOT / "tests/support/js_tokens.mjs")
    if shutil.which("node") is None:
        pytest.fail("node (20 or later) is needed to read the modules' tokens")
    before = subprocess.run(["node", script, *map(str, sources)], capture_output=True, text=True, check=True, cwd=ROOT)
    after = subprocess.run(["node", script, *map(str, served)], capture_output=True, text=True, check=True, cwd=ROOT)
    for source, original, sent in zip(sources, before.stdout.splitlines(), after.stdout.splitlines(), strict=True):
        relative = source.relative_to(PWA_DIR).as_posix()
        if relative == "sw.js":  # the server fills in its version and precache list
            continue
        assert json.loads(sent) == json.loads(original), f"{relative}: the code changed"


def test_a_comment_like_line_inside_a_template_literal_would_be_caught() -> None:
    """The guard above is real: blanking a ``//`` line inside a template changes the tokens."""
    source = b"const text = `first\n// inside the text\n${1}`;\n"
    assert without_line_comments(source) == b"const text = `first\n\n${1}`;\n"
    script = str(ROOT / "tests/support/js_tokens.mjs")
    with tempfile.TemporaryDirectory() as folder:
        original, stripped = Path(folder, "a.js"), Path(folder, "b.js")
        original.write_bytes(source)
        stripped.write_bytes(without_line_comments(source))
        out = subprocess.run(["node", script, str(original), str(stripped)], capture_output=True, text=True, check=True)
    first, second = out.stdout.splitlines()
    assert json.loads(first) != json.loads(second)
