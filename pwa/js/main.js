// Boot: register the service worker, open the local replica (IndexedDB), show the app at once
// from local data, then start the sync loop. Nothing here waits on the network.

import { Local } from "./local.js";
import { idbPersist } from "./persist.js";
import { Syncer } from "./sync.js";
import { App } from "./ui/app.js";
import { watchForUpdates } from "./ui/update-banner.js";

const registration =
  "serviceWorker" in navigator ? navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => null) : null;

// One tab writes the log at a time: two tabs ticking one clock could mint the same hlc twice.
function oneTab(start) {
  if (!navigator.locks) return start();
  const wait = setTimeout(() => {
    document.getElementById("main").textContent = "Hinge is open in another tab. Close it to continue here.";
  }, 1500);
  return new Promise((resolve, reject) => {
    navigator.locks
      .request("hinge-app", () => {
        clearTimeout(wait);
        start().then(resolve, reject);
        return new Promise(() => {}); // held until this page goes away
      })
      .catch(reject);
  });
}

async function boot() {
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
}

oneTab(boot).catch((error) => {
  document.getElementById("main").textContent = `Hinge could not start: ${error.message}`;
  throw error;
});
