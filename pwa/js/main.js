// Boot: register the service worker, open the local replica (IndexedDB), show the app at once
// from local data, then start the sync loop. Nothing here waits on the network.

import { Local } from "./local.js";
import { idbPersist } from "./persist.js";
import { Syncer } from "./sync.js";
import { App } from "./ui/app.js";
import { watchForUpdates } from "./ui/update-banner.js";

const registration =
  "serviceWorker" in navigator ? navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => null) : null;

// One tab writes the log at a time (two tabs ticking one clock could mint the same hlc twice).
// The newest tab takes over; an older one stops and says where Hinge is open.
/** @param {() => Promise<() => void>} start */
function oneTab(start) {
  if (!navigator.locks) return start();
  return /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
    /** @type {(() => void) | null} */
    let stop = null;
    let taken = false;
    navigator.locks
      .request("hinge-app", { steal: true }, async () => {
        stop = await start();
        // Another tab may have taken over while this one was still starting.
        if (taken) stop();
        resolve();
        return new Promise(() => {}); // held until this page goes away or another tab takes over
      })
      .catch((error) => {
        if (error.name !== "AbortError") return reject(error);
        taken = true;
        if (stop !== null) stop();
        showTakenOver();
      });
  }));
}

function showTakenOver() {
  const main = /** @type {HTMLElement} */ (document.getElementById("main"));
  const button = document.createElement("button");
  button.className = "btn btn-primary";
  button.textContent = "Use Hinge here";
  button.addEventListener("click", () => location.reload());
  const text = document.createElement("p");
  text.className = "section-note";
  text.textContent = "Hinge is open in another tab or window, which now keeps your log.";
  main.replaceChildren(text, button);
  /** @type {HTMLElement} */ (document.querySelector("nav.tabs")).hidden = true;
}

async function boot() {
  /** @type {Program} */
  const program = await (await fetch(new URL("../program.json", import.meta.url))).json();
  const local = await Local.open(await idbPersist());
  const syncer = new Syncer(local);
  const app = new App({ local, syncer, program });
  app.start();
  syncer.start(window);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncer.request("periodic");
  });
  const worker = await registration;
  if (worker) watchForUpdates(worker, app);
  globalThis.hinge = { local, syncer, app };
  document.documentElement.dataset.ready = "true";
  return () => {
    syncer.stop();
    local.readOnly = true;
  };
}

oneTab(boot).catch((error) => {
  /** @type {HTMLElement} */ (document.getElementById("main")).textContent = `Hinge could not start: ${error.message}`;
  throw error;
});
