// A new version of the app has installed and waits: offer "Reload to update", never force it
// (a lifter mid-set keeps the page they have).

import { h } from "./dom.js";

export class UpdateBanner {
  constructor() {
    /** @type {ServiceWorker | null} */
    this.worker = null;
    this.button = h("button", { type: "button", class: "btn btn-small btn-primary", onclick: () => this.apply() }, "Reload to update");
    this.el = h("div", { class: "banner-row", hidden: true }, h("span", {}, "A new version of Hinge is ready."), this.button);
  }

  /** @param {ServiceWorker} worker */
  offer(worker) {
    this.worker = worker;
    this.el.hidden = false;
  }

  apply() {
    if (this.worker === null) return;
    this.button.disabled = true;
    // The page reloads when the new worker takes control (see main.js).
    this.worker.postMessage({ type: "skip-waiting" });
  }
}

// Watch a service worker registration and offer each waiting version through `app.offerUpdate`.
/** @param {ServiceWorkerRegistration} registration @param {App} app */
export function watchForUpdates(registration, app) {
  const offerIfWaiting = () => {
    if (registration.waiting && navigator.serviceWorker.controller) app.offerUpdate(registration.waiting);
  };
  offerIfWaiting();
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offerIfWaiting();
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (app.update.worker !== null && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}
