// The app frame: the top bar's status pill, the screens behind the bottom tabs (hash routes, so
// the one cached shell serves them all offline), banners and the undo toast. Only the current
// screen is in the document, so every accessible name on screen belongs to one control.
//
// Today and sign-in come with the first load; the other screens are imported when first shown
// (the service worker precaches them too, so they open offline all the same).

import { setDisplay } from "../display.js";
import { h, replaceChildren } from "./dom.js";
import { AuthForm } from "./auth-form.js";
import { SyncStatus } from "./sync-status.js";
import { TodayScreen } from "./today.js";
import { UndoToast } from "./undo-toast.js";
import { UpdateBanner } from "./update-banner.js";

const SCREENS = ["today", "history", "progress", "devices", "settings", "exercise"];
// Screens reached with a parameter: #exercise/<exercise id>.
const PARAMETER = /^([a-z]+)\/(.+)$/;
// How long a device signed in with nothing on it waits for its first sync before showing Today.
const FIRST_SYNC_MS = 8000;

export class App {
  /** @param {{local: Local, syncer: Syncer, program: Program, doc?: Document}} deps */
  constructor({ local, syncer, program, doc = document }) {
    this.local = local;
    this.syncer = syncer;
    this.program = program;
    // The shell's elements (index.html).
    this.main = /** @type {HTMLElement} */ (doc.getElementById("main"));
    this.nav = /** @type {HTMLElement} */ (doc.querySelector("nav.tabs"));
    this.settingsLink = /** @type {HTMLElement} */ (doc.getElementById("settings-link"));
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
    /** @type {Map<string, Promise<View>>} */
    this.screens = new Map();
    /** @type {View | AuthForm | null} */
    this.current = null;
    /** @type {string | null} */
    this.name = null;
    // Signed in on an empty device: the first sync is about to fill every screen, so they wait
    // for it (in the space "Opening your log…" holds) instead of jumping when it lands.
    this.filling = false;
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
      /** @type {Record<string, () => Promise<View>>} */
      const make = {
        today: async () => new TodayScreen(deps),
        history: async () => new (await import("./history.js")).HistoryScreen(deps),
        progress: async () => new (await import("./progress.js")).ProgressScreen(deps),
        devices: async () => new (await import("./devices.js")).DevicesScreen({ ...deps, onSignedOut: () => this.go("today") }),
        settings: async () => new (await import("./settings.js")).SettingsScreen(deps),
        exercise: async () => new (await import("./exercise-screen.js")).ExerciseScreen(deps),
      };
      screen = make[name]();
      this.screens.set(name, screen);
      // Offline with an old cache, say: try again the next time the tab is opened.
      screen.catch(() => this.screens.delete(name));
    }
    return screen;
  }

  /** @param {string} name */
  go(name) {
    if (location.hash === `#${name}`) this.route();
    else location.hash = name;
  }

  async route() {
    let wanted = decodeURIComponent(location.hash.replace(/^#/, "")) || "today";
    /** @type {string | null} */
    let parameter = null;
    const parts = PARAMETER.exec(wanted);
    if (parts) [, wanted, parameter] = parts;
    const signedIn = this.local.auth !== null;
    const name = !signedIn || wanted === "signin" ? "signin" : SCREENS.includes(wanted) ? wanted : "today";
    this.showDisplay();
    this.nav.hidden = name === "signin";
    this.settingsLink.hidden = name === "signin";
    this.toast.hide();
    this.name = name;
    this.current = null;
    this.refreshBanners();
    if (name === "signin") {
      const form = new AuthForm({
        local: this.local,
        onSignedIn: () => {
          this.screens.clear();
          if (this.local.sessions().length === 0) this.awaitFirstSync();
          this.syncer.request("manual");
          this.go("today");
        },
      });
      this.current = form;
      replaceChildren(this.main, form.el);
      scrollTo(0, 0);
      form.focus();
      return;
    }
    for (const link of document.querySelectorAll("a[data-screen]")) {
      if (/** @type {HTMLElement} */ (link).dataset.screen === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (this.filling) {
      replaceChildren(this.main, h("h1", { class: "loading" }, "Opening your log…"));
      return;
    }
    let screen;
    try {
      screen = await this.screen(name);
    } catch (error) {
      if (this.name === name) this.main.textContent = `Could not open ${name}: ${/** @type {Error} */ (error).message}`;
      return;
    }
    if (this.name !== name || this.current !== null) return; // another route began meanwhile
    this.current = screen;
    screen.show?.(parameter);
    screen.update();
    replaceChildren(this.main, screen.el);
    screen.refresh?.();
    scrollTo(0, 0);
  }

  // Show the screens once the first sync round after signing in has ended (or FIRST_SYNC_MS on).
  awaitFirstSync() {
    this.filling = true;
    let started = false;
    const done = () => {
      if (!this.filling) return;
      this.filling = false;
      unsubscribe();
      clearTimeout(timer);
      this.route();
    };
    const unsubscribe = this.syncer.subscribe((syncer) => {
      if (syncer.inFlight !== null) started = true;
      else if (started) done();
    });
    const timer = setTimeout(done, FIRST_SYNC_MS);
  }

  // The lifter's units and own exercises, for every screen's loads and names (display.js).
  showDisplay() {
    setDisplay({ units: this.local.profile().units, exercises: this.local.exercises({ includeDeleted: true }) });
  }

  // Local data changed: update the screen on view now (a logged set shows at once).
  refresh() {
    this.showDisplay();
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
