// The app frame: the top bar's status pill, the screens behind the bottom tabs (hash routes, so
// the one cached shell serves them all offline), banners and the undo toast. Only the current
// screen is in the document, so every accessible name on screen belongs to one control.

import { h, replaceChildren } from "./dom.js";
import { AuthForm } from "./auth-form.js";
import { DevicesScreen } from "./devices.js";
import { HistoryScreen } from "./history.js";
import { ProgressScreen } from "./progress.js";
import { SyncStatus } from "./sync-status.js";
import { TodayScreen } from "./today.js";
import { UndoToast } from "./undo-toast.js";
import { UpdateBanner } from "./update-banner.js";

const SCREENS = ["today", "history", "progress", "devices"];

export class App {
  /** @param {{local: Local, syncer: Syncer, program: Program, doc?: Document}} deps */
  constructor({ local, syncer, program, doc = document }) {
    this.local = local;
    this.syncer = syncer;
    this.program = program;
    // The shell's elements (index.html).
    this.main = /** @type {HTMLElement} */ (doc.getElementById("main"));
    this.nav = /** @type {HTMLElement} */ (doc.querySelector("nav.tabs"));
    this.banner = /** @type {HTMLElement} */ (doc.getElementById("banner"));
    this.status = new SyncStatus(/** @type {HTMLElement} */ (doc.getElementById("sync-status")), syncer);
    this.toast = new UndoToast();
    this.update = new UpdateBanner();
    this.signedOut = h(
      "div",
      { class: "banner-row banner-warn", hidden: true },
      h("span", {}, "Signed out on the server: your sets are safe here."),
      h("a", { href: "#signin", class: "btn btn-small btn-primary" }, "Sign in to sync"),
    );
    this.banner.replaceChildren(this.update.el, this.signedOut);
    doc.body.append(this.toast.el);
    /** @type {Map<string, View>} */
    this.screens = new Map();
    /** @type {View | AuthForm | null} */
    this.current = null;
    /** @type {string | null} */
    this.name = null;
    this.scheduled = false;
    local.subscribe(() => this.refresh());
    addEventListener("hashchange", () => this.route());
  }

  start() {
    this.route();
  }

  /** @param {string} name one of SCREENS */
  screen(name) {
    let screen = this.screens.get(name);
    if (screen === undefined) {
      const deps = { local: this.local, syncer: this.syncer, program: this.program, toast: this.toast };
      /** @type {Record<string, () => View>} */
      const make = {
        today: () => new TodayScreen(deps),
        history: () => new HistoryScreen(deps),
        progress: () => new ProgressScreen(deps),
        devices: () => new DevicesScreen({ ...deps, onSignedOut: () => this.go("today") }),
      };
      screen = make[name]();
      this.screens.set(name, screen);
    }
    return screen;
  }

  /** @param {string} name */
  go(name) {
    if (location.hash === `#${name}`) this.route();
    else location.hash = name;
  }

  route() {
    const wanted = location.hash.replace(/^#/, "") || "today";
    const signedIn = this.local.auth !== null;
    const name = !signedIn || wanted === "signin" ? "signin" : SCREENS.includes(wanted) ? wanted : "today";
    this.nav.hidden = name === "signin";
    this.toast.hide();
    if (name === "signin") {
      const form = new AuthForm({
        local: this.local,
        onSignedIn: () => {
          this.screens.clear();
          this.syncer.request("manual");
          this.go("today");
        },
      });
      this.current = form;
      this.name = name;
      replaceChildren(this.main, form.el);
      form.focus();
      this.refreshBanners();
      return;
    }
    const screen = this.screen(name);
    this.current = screen;
    this.name = name;
    for (const link of this.nav.querySelectorAll("a")) {
      if (link.dataset.screen === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    screen.update();
    replaceChildren(this.main, screen.el);
    screen.refresh?.();
    scrollTo(0, 0);
    this.refreshBanners();
  }

  // Local data changed: update the screen on view now (a logged set shows at once).
  refresh() {
    this.refreshBanners();
    if (this.local.auth === null && this.name !== "signin") {
      this.screens.clear();
      this.route();
      return;
    }
    // Any name but "signin" is a screen's.
    if (this.name !== "signin") /** @type {View | null} */ (this.current)?.update();
  }

  refreshBanners() {
    this.signedOut.hidden = !(this.local.auth !== null && this.local.authLost && this.name !== "signin");
    this.banner.hidden = this.update.el.hidden && this.signedOut.hidden;
  }

  /** @param {ServiceWorker} worker */
  offerUpdate(worker) {
    this.update.offer(worker);
    this.refreshBanners();
  }
}

export { SCREENS };
