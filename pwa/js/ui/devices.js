// Devices: every device of the account with revoke, this device's sign-out, export of the whole
// log as JSON or CSV, and the ops the server refused (set aside here so the rest could sync).

import { h, replaceChildren } from "./dom.js";
import { api, ApiError } from "../api.js";
import { download, exercisesToExport, exportCsv, exportJson } from "../export.js";
import { formatAgo, formatShortDate } from "../format.js";

export class DevicesScreen {
  /** @param {Deps & {onSignedOut: () => void}} deps */
  constructor({ local, syncer, program, onSignedOut }) {
    this.local = local;
    this.syncer = syncer;
    this.program = program;
    this.onSignedOut = onSignedOut;
    /** @type {Device[] | null} */
    this.devices = null;
    this.list = h("ul", { class: "device-list" });
    this.note = h("p", { class: "section-note" });
    this.aside = h("section", { class: "card", hidden: true });
    this.account = h("p", { class: "section-note" });
    this.signOutNote = h("p", { class: "form-error", role: "alert" });
    // Sign out was asked for with changes waiting: the warning says how many would be lost, and
    // follows the count as they sync.
    this.confirming = false;
    this.waitingText = h("span");
    this.warning = h(
      "div",
      { class: "notice notice-warn sign-out-warning", role: "alert", hidden: true },
      this.waitingText,
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => this.signOut(true) }, "Sign out anyway"),
    );
    this.el = h(
      "div",
      { class: "screen screen-devices" },
      h("h1", { class: "screen-title" }, "Devices"),
      h("section", { class: "card" }, h("h2", { class: "section-title" }, "Signed-in devices"), this.note, this.list),
      this.aside,
      h(
        "section",
        { class: "card" },
        h("h2", { class: "section-title" }, "Your data"),
        h("p", { class: "section-note" }, "Every session and set on this device, also offline."),
        h(
          "div",
          { class: "button-row" },
          h("button", { type: "button", class: "btn btn-ghost", onclick: () => this.export("json") }, "Export JSON"),
          h("button", { type: "button", class: "btn btn-ghost", onclick: () => this.export("csv") }, "Export CSV"),
        ),
      ),
      h(
        "section",
        { class: "card" },
        h("h2", { class: "section-title" }, "This device"),
        this.account,
        this.signOutNote,
        this.warning,
        h(
          "div",
          { class: "button-row" },
          h("button", { type: "button", class: "btn btn-ghost", onclick: () => this.syncer.request("manual") }, "Sync now"),
          h("button", { type: "button", class: "btn btn-danger-ghost", onclick: () => this.signOut(false) }, "Sign out"),
        ),
      ),
    );
  }

  async refresh() {
    const auth = this.local.auth;
    if (auth === null || this.local.authLost) return;
    if (!navigator.onLine) {
      this.note.textContent = "Offline: the device list needs a connection.";
      return;
    }
    try {
      this.devices = (await api.devices(auth.token)).devices;
      this.note.textContent = "";
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.local.loseAuth();
      this.note.textContent = `Could not load the devices: ${/** @type {Error} */ (error).message}`;
    }
    this.render();
  }

  update() {
    this.render();
  }

  render() {
    const auth = this.local.auth;
    if (auth === null) return;
    this.renderWarning();
    this.account.textContent = `Signed in as ${auth.username} on “${auth.device_name}”.`;
    if (this.devices === null) {
      if (!this.note.textContent) this.note.textContent = "Loading…";
    } else {
      replaceChildren(
        this.list,
        this.devices.map((device) => {
          const mine = device.device_id === auth.device_id;
          return h(
            "li",
            { class: "device" },
            h(
              "div",
              { class: "device-main" },
              h("span", { class: "device-name" }, device.name, mine ? h("span", { class: "badge badge-ok" }, "This device") : null),
              h("span", { class: "section-meta" }, `Added ${formatShortDate(device.created_at)} · last sync ${formatAgo(device.last_sync_at)}`),
            ),
            mine
              ? null
              : h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Revoke ${device.name}`, onclick: () => this.revoke(device) }, "Revoke"),
          );
        }),
      );
    }
    const rejected = [...this.local.rejected.values()];
    this.aside.hidden = rejected.length === 0;
    replaceChildren(
      this.aside,
      h("h2", { class: "section-title" }, "Set aside"),
      h("p", { class: "section-note" }, "The server refused these changes, so they stay on this device only. Everything else synced."),
      h(
        "ul",
        { class: "device-list" },
        rejected.map((entry) =>
          h(
            "li",
            { class: "device" },
            h(
              "div",
              { class: "device-main" },
              h("span", { class: "device-name" }, `${entry.op.entity} ${entry.op.field} = ${JSON.stringify(entry.op.value)}`),
              h("span", { class: "section-meta" }, entry.detail),
            ),
            h("button", { type: "button", class: "btn btn-small btn-ghost", onclick: () => this.local.discard(entry.hlc) }, "Discard"),
          ),
        ),
      ),
    );
  }

  /** @param {Device} device */
  async revoke(device) {
    const auth = this.local.auth;
    if (auth === null) return; // signed out meanwhile: this screen is gone
    try {
      await api.revoke(auth.token, device.device_id);
      this.devices = this.devices?.filter((d) => d.device_id !== device.device_id) ?? null;
      this.render();
    } catch (error) {
      this.note.textContent = `Could not revoke ${device.name}: ${/** @type {Error} */ (error).message}`;
    }
  }

  // Changes that only this device has: waiting to sync, or set aside.
  waiting() {
    return this.local.pendingCount() + this.local.rejected.size;
  }

  // Gone once nothing would be lost. The text changes only with the count: an alert is read out
  // again whenever its text is set.
  renderWarning() {
    const waiting = this.waiting();
    if (waiting === 0) this.confirming = false;
    this.warning.hidden = !this.confirming;
    const text = `${waiting} change${waiting === 1 ? " has" : "s have"} not synced yet and would be lost.`;
    if (this.waitingText.textContent !== text) this.waitingText.textContent = text;
  }

  // Sign out: revoke this device and wipe its copy. With changes still waiting, ask first.
  /** @param {boolean} confirmed */
  async signOut(confirmed) {
    this.signOutNote.textContent = "";
    if (this.waiting() > 0 && !confirmed) {
      this.confirming = true;
      this.renderWarning();
      return;
    }
    const auth = this.local.auth;
    try {
      if (auth !== null && !this.local.authLost) await api.revoke(auth.token, auth.device_id);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        this.signOutNote.textContent = `Could not sign out: ${/** @type {Error} */ (error).message}`;
        return;
      }
    }
    await this.local.wipe();
    this.onSignedOut();
  }

  /** @param {"json" | "csv"} kind */
  export(kind) {
    const sessions = this.local.sessions();
    const exercises = exercisesToExport(this.local.exercises({ includeDeleted: true }), sessions);
    const day = new Date().toISOString().slice(0, 10);
    if (kind === "json") {
      const about = { username: this.local.auth?.username ?? null, nowIso: new Date().toISOString(), exercises, profile: this.local.profile() };
      download(`hinge-${day}.json`, exportJson(sessions, about), "application/json");
    } else {
      download(`hinge-${day}.csv`, exportCsv(sessions, { program: this.program, exercises }), "text/csv");
    }
  }
}
