// Sign up or sign in, with a name for this device. One form, both buttons: Create account makes the
// account and signs this device in; Sign in adds this device to an existing account.

import { h, uid } from "./dom.js";
import { api, ApiError } from "../api.js";

function guessDeviceName() {
  const agent = navigator.userAgent;
  if (/iPhone/.test(agent)) return "iPhone";
  if (/iPad/.test(agent)) return "iPad";
  if (/Android/.test(agent)) return /Mobile/.test(agent) ? "Android phone" : "Android tablet";
  if (/Mac OS X/.test(agent)) return "Mac";
  if (/Windows/.test(agent)) return "Windows PC";
  if (/Linux/.test(agent)) return "Linux computer";
  return "My device";
}

/** @param {unknown} error @param {boolean} creating */
function message(error, creating) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 0) return "No connection. Signing in needs the internet once; after that Hinge works offline.";
  if (error.status === 409) return "That username is taken. Pick another, or sign in.";
  if (error.status === 401) return "Wrong username or password.";
  if (error.status === 429) return "Too many tries. Wait a few minutes and try again.";
  if (error.status === 422) return creating ? `Check the form: ${error.detail}` : error.detail;
  return error.detail;
}

export class AuthForm {
  /** @param {{local: Local, onSignedIn: () => void}} options */
  constructor({ local, onSignedIn }) {
    this.local = local;
    this.onSignedIn = onSignedIn;
    /** @param {string} label @param {Props} props @param {string} [hint] @returns {[HTMLInputElement, HTMLDivElement]} */
    const field = (label, props, hint) => {
      const id = uid("auth");
      const hintId = hint ? uid("hint") : null;
      const input = h("input", { id, class: "input", required: true, "aria-describedby": hintId, ...props });
      return [input, h("div", { class: "field" }, h("label", { for: id, class: "field-label" }, label), input, hint ? h("p", { id: hintId, class: "field-hint" }, hint) : null)];
    };
    const previous = local.auth;
    const [username, usernameField] = field("Username", { autocomplete: "username", autocapitalize: "none", spellcheck: "false", value: previous?.username ?? "" }, "3–64 characters: a–z, 0–9, dot, dash or underscore.");
    const [password, passwordField] = field("Password", { type: "password", autocomplete: "current-password" }, "At least 8 characters.");
    const [deviceName, nameField] = field("Device name", { autocomplete: "off", value: previous?.device_name ?? guessDeviceName() });
    this.username = username;
    this.password = password;
    this.deviceName = deviceName;
    this.error = h("p", { class: "form-error", role: "alert" });
    this.buttons = [
      h("button", { type: "submit", class: "btn btn-ghost", value: "create" }, "Create account"),
      h("button", { type: "submit", class: "btn btn-primary", value: "signin" }, "Sign in"),
    ];
    const lost = local.authLost;
    this.el = h(
      "div",
      { class: "screen screen-auth" },
      h("div", { class: "auth-hero" }, h("img", { src: "/icons/icon-192.png", alt: "", width: 72, height: 72 }), h("h1", { class: "screen-title" }, lost ? "Sign in to sync again" : "Learn the hip hinge")),
      h("p", { class: "section-note" }, lost ? "This device was signed out. Your sets are kept here and sync once you sign in." : "Log every set in two taps, offline too. Hinge tells you what to train next and why."),
      h("form", { class: "card auth-form", novalidate: true, onsubmit: (event) => this.submit(event) }, usernameField, passwordField, nameField, this.error, h("div", { class: "button-row" }, this.buttons)),
    );
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    // Its submitters are its two buttons.
    const creating = /** @type {HTMLButtonElement | null} */ (event.submitter)?.value === "create";
    const username = this.username.value.trim();
    const password = this.password.value;
    const name = this.deviceName.value.trim() || guessDeviceName();
    if (!username || !password) {
      this.error.textContent = "Enter a username and a password.";
      return;
    }
    // Another user signing in on this device wipes its copy: say what would go, and go on only
    // when asked twice.
    const previous = this.local.auth?.username;
    const unsynced = this.local.pendingCount() + this.local.rejected.size;
    if (previous && previous !== username && unsynced > 0 && this.discardFor !== username) {
      /** @type {string | undefined} */
      this.discardFor = username;
      this.error.textContent = `${unsynced} change${unsynced === 1 ? "" : "s"} of ${previous} not synced yet would be lost on this device. Sign in as ${previous} to keep them, or press the button again to go on as ${username}.`;
      return;
    }
    this.error.textContent = "";
    for (const button of this.buttons) button.disabled = true;
    try {
      if (creating) await api.createAccount(username, password);
      const device = await api.signIn(username, password, name);
      await this.local.signIn({ token: device.token, device_id: device.device_id, username, device_name: name });
      this.onSignedIn();
    } catch (error) {
      this.error.textContent = message(error, creating);
    } finally {
      for (const button of this.buttons) button.disabled = false;
    }
  }

  // The screen opens at its top: the field takes the focus without scrolling there.
  focus() {
    (this.username.value ? this.password : this.username).focus({ preventScroll: true });
  }
}
