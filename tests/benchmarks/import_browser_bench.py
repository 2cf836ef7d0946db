"""A five-year Strong export (15,600 sets) imported in real headless Chromium, as a lifter does it.

The file comes from import_bench.mjs (one generator for both benchmarks). The page signs up against
a real ``hinge serve`` on SQLite, reads the file in Settings, and imports it; the figures are:

- preview: from choosing the file to the preview (reading and parsing it, lazily loaded code included);
- write: from **Import** to "Imported N sessions" (every op stored in IndexedDB, in batches);
- sync: from then to "All synced" (every op pushed to the server and acknowledged);
- responsiveness: the longest main-thread task (Chromium's Long Tasks API) and the longest gap between
  animation frames while the import runs, beside the same figures for the same page idle, so the
  numbers are read against this machine rather than against an absolute;
- progress: how many distinct progress values and "still to send" counts the lifter saw;
- reload: from opening History again to its first set, twice (the whole log is read back).

Prints figures; asserts nothing about time.

    .venv/bin/python -m tests.benchmarks.import_browser_bench
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.app import open_app, sign_up
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.support.server import ServerProcess

ROOT = Path(__file__).resolve().parents[2]

# Records the longest main-thread task and the longest frame gap from now on, and every text the
# import's progress bar and status line show. Read back by `WATCH_RESULT`.
WATCH = """() => {
  const seen = { longestTaskMs: 0, tasksOver50: 0, longestFrameGapMs: 0, progress: new Set(), statuses: [] };
  window.__importWatch = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      seen.longestTaskMs = Math.max(seen.longestTaskMs, entry.duration);
      seen.tasksOver50 += 1;
    }
  }).observe({ type: "longtask" });
  let last = performance.now();
  const frame = (now) => {
    seen.longestFrameGapMs = Math.max(seen.longestFrameGapMs, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const progress = document.querySelector("progress");
  const status = [...document.querySelectorAll("[role=status]")].find((el) => el.id !== "sync-status");
  new MutationObserver(() => {
    if (progress && !progress.hidden) seen.progress.add(progress.value);
    const text = status ? status.textContent : "";
    if (text && seen.statuses[seen.statuses.length - 1] !== text) seen.statuses.push(text);
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}"""
WATCH_RESULT = """() => {
  const seen = window.__importWatch;
  return { longestTaskMs: seen.longestTaskMs, tasksOver50: seen.tasksOver50,
           longestFrameGapMs: seen.longestFrameGapMs, progressValues: seen.progress.size,
           statuses: seen.statuses };
}"""


def strong_export(path: Path) -> Path:
    subprocess.run(["node", str(ROOT / "tests/benchmarks/import_bench.mjs"), "--write", str(path)], check=True)
    return path


def idle_figures(page: Page, seconds: float) -> dict[str, Any]:
    page.evaluate(WATCH)
    page.wait_for_timeout(seconds * 1000)
    figures: dict[str, Any] = page.evaluate(WATCH_RESULT)
    return figures


def run(file: Path, server: ServerProcess, timeout_s: float) -> dict[str, Any]:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = open_app(context, server)
        sign_up(page, "importer")
        page.get_by_role("link", name="Settings").click()
        expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
        idle = idle_figures(page, 3)

        started = time.perf_counter()
        page.get_by_label("Import file").set_input_files(str(file))
        preview = page.locator(".import-preview")
        expect(preview).to_contain_text("sets to import", timeout=timeout_s * 1000)
        previewed = time.perf_counter()
        counts = preview.locator(".import-counts").inner_text()

        page.evaluate(WATCH)
        status = page.get_by_role("status").filter(has_text="Imported")
        clicked = time.perf_counter()
        page.get_by_role("button", name="Import", exact=True).click()
        expect(status).to_be_visible(timeout=timeout_s * 1000)
        written = time.perf_counter()
        expect(status).to_contain_text("All synced", timeout=timeout_s * 1000)
        synced = time.perf_counter()
        busy: dict[str, Any] = page.evaluate(WATCH_RESULT)
        reloads = []
        page.get_by_role("navigation").get_by_role("link", name="History").click()
        for _ in range(2):  # the first may fold the journal into the snapshot; the second reads it
            reopened = time.perf_counter()
            page.reload()
            expect(page.get_by_role("heading", level=1, name="History")).to_be_visible(timeout=timeout_s * 1000)
            expect(page.locator(".history-set").first).to_be_visible(timeout=timeout_s * 1000)
            reloads.append(time.perf_counter() - reopened)
        browser.close()
    return {
        "counts": counts,
        "preview_s": previewed - started,
        "write_s": written - clicked,
        "sync_s": synced - written,
        "idle": idle,
        "busy": busy,
        "reloads_s": reloads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for each stage")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        file = strong_export(Path(scratch) / "strong-5-years.csv")
        server = ServerProcess(Path(scratch) / "server").start()
        try:
            figures = run(file, server, args.timeout)
            figures["file_kib"] = file.stat().st_size // 1024
        finally:
            server.stop()
    idle, busy = figures["idle"], figures["busy"]
    sending = [line for line in busy["statuses"] if "still to send" in line]
    print(f"Strong, 5 years ({figures['file_kib']:,} KiB): {figures['counts']}")
    print(f"  preview (read + parse)   {figures['preview_s']:6.2f} s")
    print(f"  write to IndexedDB       {figures['write_s']:6.2f} s")
    print(f"  sync to the server       {figures['sync_s']:6.2f} s")
    print(f"  History after a reload   {figures['reloads_s'][0]:6.2f} s, then {figures['reloads_s'][1]:.2f} s")
    print("                           importing   idle page (same run)")
    print(f"  longest main-thread task {busy['longestTaskMs']:7.0f} ms {idle['longestTaskMs']:9.0f} ms")
    print(f"  tasks over 50 ms         {busy['tasksOver50']:7d}    {idle['tasksOver50']:9d}")
    print(f"  longest frame gap        {busy['longestFrameGapMs']:7.0f} ms {idle['longestFrameGapMs']:9.0f} ms")
    print(f"  progress values shown    {busy['progressValues']:7d}")
    print(f"  'still to send' updates  {len(sending):7d}   e.g. {sending[0] if sending else '-'}")
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
