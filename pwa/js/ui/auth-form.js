// Sign up or sign in, with a name for this device. One form, both buttons: Create account makes the
// account and signs this device in; Sign in adds this device to an existing account.

import { h, uid } from "./dom.js";
import { api, ApiError } from "../api.js";
import { authProblem } from "../format.js";

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

// What went wrong, in our words, and which field it is about (null: the form as a whole).
/** @param {unknown} error */
function problem(error) {
  if (error instanceof ApiError) return authProblem(error.status, error.detail, error.retryAfterS);
  return { field: null, text: "Signing in did not finish on this device. Try again." };
}

// When a field the server refused is right again (its error then goes as it is typed); a
// refusal of the pair (taken, wrong password) goes at the first change.
/** @type {Record<string, (value: string) => boolean>} */
const FIXED = {
  username: (value) => /^[a-z0-9_.-]{3,64}$/.test(value.trim()),
  password: (value) => value.length >= 8 && value.length <= 256 && value.trim() !== "",
  name: (value) => value.trim().length <= 64,
};

export class AuthForm {
  /** @param {{local: Local, onSignedIn: () => void}} options */
  constructor({ local, onSignedIn }) {
    this.local = local;
    this.onSignedIn = onSignedIn;
    /** @type {Map<HTMLInputElement, HTMLParagraphElement>} */
    this.errors = new Map();
    /** @type {Map<HTMLInputElement, (value: string) => boolean>} */
    this.fixed = new Map();
    /** @param {string} label @param {Props} props @param {string} [hint] @returns {[HTMLInputElement, HTMLDivElement]} */
    const field = (label, props, hint) => {
      const id = uid("auth");
      const hintId = hint ? uid("hint") : null;
      // Its error sits under it and describes it; typing in the field takes the error away.
      const error = h("p", { id: uid("auth-error"), class: "form-error field-error", role: "alert" });
      const input = h("input", { id, class: "input", required: true, "aria-describedby": [hintId, error.id].filter(Boolean).join(" "), ...props });
      input.addEventListener("input", () => {
        if (this.fixed.get(input)?.(input.value) ?? true) this.clearField(input);
      });
      this.errors.set(input, error);
      return [input, h("div", { class: "field" }, h("label", { for: id, class: "field-label" }, label), input, hint ? h("p", { id: hintId, class: "field-hint" }, hint) : null, error)];
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
    this.clearErrors();
    if (!username || !password.trim()) {
      if (!password) this.show(this.password, "Enter your password.", (value) => value !== "");
      else if (!password.trim()) this.show(this.password, "A password can't be only spaces.", (value) => value.trim() !== "");
      if (!username) this.show(this.username, "Enter a username.", (value) => value.trim() !== "");
      return;
    }
    // Another user signing in on this device wipes its copy: say what would go, and go on only
    // when asked twice.
    const previous = this.local.auth?.username;
    const unsynced = this.local.pendingCount() + this.local.rejected.size;
    if (previous && previous !== username && unsynced > 0 && this.discardFor !== username) {
      /** @type {string | undefined} */
      this.discardFor = username;
      this.show(null, `${unsynced} change${unsynced === 1 ? "" : "s"} of ${previous} not synced yet would be lost on this device. Sign in as ${previous} to keep them, or press the button again to go on as ${username}.`);
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
      const { field, text } = problem(error);
      const input = field === "username" ? this.username : field === "password" ? this.password : field === "name" ? this.deviceName : null;
      const status = error instanceof ApiError ? error.status : 0;
      this.show(input, text, field && (status === 400 || status === 422) ? FIXED[field] : undefined);
    } finally {
      for (const button of this.buttons) button.disabled = false;
    }
  }

  // An error next to its field (or the form's, above the buttons), scrolled into view, the field focused.
  /** @param {HTMLInputElement | null} input @param {string} text @param {(value: string) => boolean} [fixed] right again */
  show(input, text, fixed) {
    const error = (input && this.errors.get(input)) ?? this.error;
    error.textContent = text;
    if (input) {
      if (fixed) this.fixed.set(input, fixed);
      else this.fixed.delete(input);
      input.setAttribute("aria-invalid", "true");
      input.focus({ preventScroll: true });
    }
    error.scrollIntoView({ block: "center", behavior: "instant" });
  }

  /** @param {HTMLInputElement} input */
  clearField(input) {
    const error = this.errors.get(input);
    if (error) error.textContent = "";
    this.fixed.delete(input);
    input.removeAttribute("aria-invalid");
  }

  clearErrors() {
    for (const input of this.errors.keys()) this.clearField(input);
    this.error.textContent = "";
  }

  // The screen opens at its top: the field takes the focus without scrolling there.
  focus() {
    (this.username.value ? this.password : this.username).focus({ preventScroll: true });
  }
}
