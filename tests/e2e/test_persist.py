"""The replica's IndexedDB layout (pwa/js/persist.js) in real Chromium: a journal of commits folded
into a snapshot. A database written by version 1 (one record per op) loads whole, a long journal is
folded into the snapshot without losing a commit, and clearing leaves nothing behind.

The page loads persist.js itself, so these check the adapter, not the screens around it.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.e2e.app import open_app
from tests.e2e.conftest import Contexts
from tests.support.server import ServerProcess

# The module next to main.js, at the versioned path the page itself uses.
IMPORT = (
    "const persist = await import(document.querySelector('script[type=module]').src.replace('main.js', 'persist.js'));"
)

OPS = """
  const op = (n, field = "reps") => ({ hlc: `${String(1_700_000_000_000 + n).padStart(15, "0")}-0000-00000000000000a1`,
    entity: "set", entity_id: `set-${n % 7}`, field, value: n });
"""


def run(page: Page, body: str) -> Any:
    return page.evaluate(f"async () => {{ {IMPORT} {OPS} {body} }}")


def test_a_version_one_database_loads_whole_and_is_folded_into_the_snapshot(
    contexts: Contexts, e2e_server: ServerProcess
) -> None:
    page = open_app(contexts.new(), e2e_server)
    loaded = run(
        page,
        """
  // Version 1 as it was: one record per op in per-store object stores.
  await new Promise((done, failed) => {
    const request = indexedDB.open("v1-replica", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("state", { keyPath: ["entity", "entity_id", "field"] });
      db.createObjectStore("log", { keyPath: "hlc" }).createIndex("field", ["entity", "entity_id", "field"]);
      db.createObjectStore("outbox", { keyPath: "hlc" });
      db.createObjectStore("rejected", { keyPath: "hlc" });
      db.createObjectStore("meta");
    };
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(["state", "log", "outbox", "rejected", "meta"], "readwrite");
      for (let n = 0; n < 7; n++) tx.objectStore("state").put(op(n));
      for (let n = 0; n < 9; n++) tx.objectStore("log").put(op(n));
      tx.objectStore("outbox").put(op(8));
      tx.objectStore("rejected").put({ hlc: op(9).hlc, op: op(9), status: 422, detail: "no" });
      tx.objectStore("meta").put(41, "cursor");
      tx.objectStore("meta").put({ username: "ana" }, "auth");
      tx.oncomplete = () => { db.close(); done(); };
      tx.onerror = failed;
    };
    request.onerror = failed;
  });
  const first = await persist.idbPersist("v1-replica");
  const before = await first.load();
  const history = await first.opsForField(op(1));
  first.close();
  const again = await persist.idbPersist("v1-replica");
  const after = await again.load();
  again.close();
  return { before, after, history: history.map((one) => one.value) };
""",
    )
    before = loaded["before"]
    assert sorted(op["value"] for op in before["state"]) == list(range(7))
    assert [op["value"] for op in before["outbox"]] == [8]
    assert [entry["status"] for entry in before["rejected"]] == [422]
    assert before["meta"] == {"cursor": 41, "auth": {"username": "ana"}}
    # Set 1's reps were written by ops 1 and 8 (n % 7): the log keeps both.
    assert sorted(loaded["history"]) == [1, 8]
    # The second load reads the snapshot the first one wrote, not the old stores.
    assert loaded["after"] == before


def test_a_long_journal_is_folded_on_load_and_every_commit_survives(
    contexts: Contexts, e2e_server: ServerProcess
) -> None:
    page = open_app(contexts.new(), e2e_server)
    result = run(
        page,
        """
  const db = await persist.idbPersist("long-journal");
  await db.load();
  // 450 commits, more than the journal keeps before folding, each a put and, later, a delete.
  for (let n = 0; n < 450; n++) {
    await db.commit({ state: [op(n, `f${n}`)], log: [op(n, `f${n}`)], outbox: [op(n, `f${n}`)], meta: { cursor: n } });
    if (n % 3 === 0) await db.commit({ outboxDelete: [op(n, `f${n}`).hlc] });
  }
  const first = await db.load();   // folds the journal into the snapshot
  const journal = await new Promise((done) => {
    const request = indexedDB.open("long-journal", 2);
    request.onsuccess = () => {
      const count = request.result.transaction("journal").objectStore("journal").count();
      count.onsuccess = () => { request.result.close(); done(count.result); };
    };
  });
  await db.commit({ stateDelete: [op(0, "f0")], meta: { cursor: 999 } });
  const second = await db.load();  // the snapshot plus one commit
  await db.clear();
  const cleared = await db.load();
  db.close();
  return { first, journal, second, cleared };
""",
    )
    first, second, cleared = result["first"], result["second"], result["cleared"]
    assert len(first["state"]) == 450
    assert len(first["outbox"]) == 300
    assert first["meta"]["cursor"] == 449
    assert result["journal"] == 0, "the folded commits left the journal"
    assert len(second["state"]) == 449
    assert second["meta"]["cursor"] == 999
    assert cleared == {"state": [], "outbox": [], "rejected": [], "meta": {}}
