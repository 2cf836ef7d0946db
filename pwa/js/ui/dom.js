// A tiny hyperscript helper: h("button", {class: "btn", onclick}, "Log set"). No inline styles,
// no innerHTML: the Content-Security-Policy forbids the first, and user data never becomes markup.

const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "indeterminate"]);
const SVG = "http://www.w3.org/2000/svg";

/** @template {HTMLElement | SVGElement} E @param {E} el @param {Props | null | undefined} props @param {Child[]} children */
function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", /** @type {string} */ (value));
    else if (key === "text") el.textContent = /** @type {string} */ (value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (PROPERTIES.has(key)) Object.assign(el, { [key]: value });
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** @template {Element} E @param {E} el @param {unknown[]} children Child values */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** @template {keyof HTMLElementTagNameMap} K @param {K} tag @param {Props | null} [props] @param {...Child} children */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** @template {keyof SVGElementTagNameMap} K @param {K} tag @param {Props | null} [props] @param {...Child} children */
export function svg(tag, props, ...children) {
  return build(document.createElementNS(SVG, tag), props, children);
}

/** @template {Element} E @param {E} el @param {...Child} children */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A form error next to its field: the text in `error` (role=alert), the field marked invalid while
// there is one; "" clears both.
/** @param {HTMLElement} field @param {HTMLElement} error @param {string} text */
export function showFieldError(field, error, text) {
  error.textContent = text;
  if (text) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}
