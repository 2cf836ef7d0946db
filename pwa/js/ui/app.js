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
  constructor({ local, syncer, program, doc = document }) {
    this.local = local;
    this.syncer = syncer;
    this.program = program;
    this.main = doc.getElementById("main");
    this.nav = doc.querySelector("nav.tabs");
    this.banner = doc.getElementById("banner");
    this.status = new SyncStatus(doc.getElementById("sync-status"), syncer);
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
    this.screens = new Map();
    this.current = null;
    this.name = null;
    this.scheduled = false;
    local.subscribe(() => this.refresh());
    addEventListener("hashchange", () => this.route());
  }

  start() {
    this.route();
  }

  screen(name) {
    if (!this.screens.has(name)) {
      const deps = { local: this.local, syncer: this.syncer, program: this.program, toast: this.toast };
      const make = {
        today: () => new TodayScreen(deps),
        history: () => new HistoryScreen(deps),
        progress: () => new ProgressScreen(deps),
        devices: () => new DevicesScreen({ ...deps, onSignedOut: () => this.go("today") }),
      }[name];
      this.screens.set(name, make());
    }
    return this.screens.get(name);
  }

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
    if (this.name !== "signin") this.current?.update();
  }

  refreshBanners() {
    this.signedOut.hidden = !(this.local.auth !== null && this.local.authLost && this.name !== "signin");
    this.banner.hidden = this.update.el.hidden && this.signedOut.hidden;
  }

  offerUpdate(worker) {
    this.update.offer(worker);
    this.refreshBanners();
  }
}

export { SCREENS };
