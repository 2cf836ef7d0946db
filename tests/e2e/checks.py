"""What the browser tests measure beyond names and clicks: axe-core, contrast of non-text UI, layout shift.

axe-core comes from ``node_modules`` (pinned in ``package-lock.json``; ``npm ci`` installs it) and
is put into the test's pages by Playwright as an init script, which runs outside the page's
Content-Security-Policy: the app never serves it, and its strict CSP stays on while axe looks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import ROOT, Contexts

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


def audited(contexts: Contexts, color_scheme: str = "light", **options: Any) -> BrowserContext:
    """A phone context whose pages all carry axe-core; with reduced motion, so that colours read
    from computed styles are the settled ones, never a transition's half way."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`", pytrace=False)
    context = contexts.new(color_scheme, reduced_motion="reduce", **options)
    context.add_init_script(path=str(AXE))
    return context


def audit(page: Page, state: str) -> list[dict[str, Any]]:
    """Run axe on the page as it is; fail on any serious or critical violation, print the rest."""
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
        }))"""
    )
    print(f"axe {state}: {[(v['id'], v['impact']) for v in violations] or 'no violations'}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert failing == [], f"axe, {state}:\n{json.dumps(failing, indent=2)}"
    return violations


def shoot(page: Page, folder: Path, name: str, *, scroll_top: bool = True) -> None:
    if scroll_top:
        page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("document.activeElement?.blur()")
    page.screenshot(path=str(folder / f"{name}.png"), animations="disabled", caret="hide")


def in_both_schemes(page: Page, folder: Path, state: str, *, scroll_top: bool = True) -> None:
    """Audit and screenshot the state in light and in dark (``<state>-<scheme>.png``), back to light after."""
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        audit(page, f"{state} ({scheme})")
        shoot(page, folder, f"{state}-{scheme}", scroll_top=scroll_top)
    page.emulate_media(color_scheme="light")


# The contrast of a non-text part of the UI (its border, by default) against what lies behind
# it: the first opaque background up the tree, composited with any translucent ones on the way;
# behind a gradient, every colour of the gradient (the worst one counts).
_CONTRAST = """([selector, property]) => {
  const parse = (text) => {
    const rgb = text.match(/^rgba?\\(([^)]+)\\)$/);
    if (rgb) {
      const [r, g, b, a = 1] = rgb[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    }
    const srgb = text.match(/^color\\(srgb ([^)]+)\\)$/);
    if (srgb) {
      const [r, g, b, a = 1] = srgb[1].split(/[\\s/]+/).filter(Boolean).map(Number);
      return [r * 255, g * 255, b * 255, a];
    }
    throw new Error(`unparsed colour ${text}`);
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const luminance = ([r, g, b]) => {
    const f = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const behind = (el) => {
    const layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      const stops = style.backgroundImage.match(/(rgba?|color)\\([^)]+\\)/g);
      if (style.backgroundImage.includes("gradient") && stops) {
        return stops.map((stop) => layers.reduceRight((under, layer) => over(layer, under), parse(stop)));
      }
      const colour = parse(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    const base = layers.pop() ?? [255, 255, 255, 1];
    return [layers.reduceRight((under, layer) => over(layer, under), base)];
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    const backgrounds = behind(el);
    const colour = parse(getComputedStyle(el)[property]);
    const ratios = backgrounds.map((bg) => ratio(over(colour, bg), bg));
    return { what: el.textContent.trim().slice(0, 30) || el.className, ratio: Math.min(...ratios) };
  });
}"""


def contrasts(page: Page, selector: str, css_property: str = "borderTopColor") -> list[dict[str, Any]]:
    """Each element ``selector`` matches: its ``css_property`` colour's contrast ratio with its background."""
    found: list[dict[str, Any]] = page.evaluate(_CONTRAST, [selector, css_property])
    assert found, f"nothing matches {selector}"
    return found


_LAYOUT_SHIFT = """() => new Promise((resolve) => {
  const shifts = [];
  const observer = new PerformanceObserver((list) => shifts.push(...list.getEntries()));
  observer.observe({ type: "layout-shift", buffered: true });
  setTimeout(() => {
    observer.disconnect();
    const counted = shifts.filter((shift) => !shift.hadRecentInput);
    resolve({
      cls: counted.reduce((sum, shift) => sum + shift.value, 0),
      shifts: counted.map((shift) => ({
        value: shift.value,
        at_ms: Math.round(shift.startTime),
        moved: shift.sources.map((source) => source.node?.className ?? source.node?.nodeName ?? "?"),
      })),
    });
  }, 200);
})"""


def layout_shift(page: Page) -> dict[str, Any]:
    """Every layout shift since the page loaded (buffered), as CLS counts them (none just after an input)."""
    measured: dict[str, Any] = page.evaluate(_LAYOUT_SHIFT)
    return measured


def label_tops(page: Page) -> dict[str, float]:
    """Where each tab's label sits, in px from the top of the viewport."""
    tops: dict[str, float] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("nav.tabs a")].map((link) => {
            const range = document.createRange();
            range.selectNodeContents(link.lastChild);
            return [link.textContent.trim(), range.getBoundingClientRect().top];
        }))"""
    )
    return tops
