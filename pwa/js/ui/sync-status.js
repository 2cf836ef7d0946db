// The sync status pill in the top bar (role="status"): "Synced ✓", "Offline", "3 changes waiting",
// "Sign in again". Never a modal: the lifter glances at it between sets.

export class SyncStatus {
  /** @param {HTMLElement} el @param {Syncer} syncer */
  constructor(el, syncer) {
    this.el = el;
    this.syncer = syncer;
    syncer.subscribe(() => this.update());
    syncer.local.subscribe(() => this.update());
    addEventListener("online", () => this.update());
    addEventListener("offline", () => this.update());
    this.update();
  }

  update() {
    const { text, tone } = this.syncer.status();
    if (this.el.textContent !== text) this.el.textContent = text;
    this.el.dataset.tone = tone;
    this.el.hidden = this.syncer.local.auth === null;
  }
}
