// Inline SVG icons (no icon font): one stroked 24 x 24 path each, from the generated contract, so
// the elements draw exactly what the server-rendered templates draw. Icons are decorative
// (`aria-hidden`): the text next to them says the same.
import { ICONS } from "./contract.js";

export type IconName = keyof typeof ICONS;

const SVG = "http://www.w3.org/2000/svg";

/** A new `<svg>` showing `name`, carrying `className`. */
export function createIcon(name: IconName, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  for (const [attribute, value] of Object.entries({
    class: className,
    viewBox: "0 0 24 24",
    width: "16",
    height: "16",
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    "aria-hidden": "true",
    focusable: "false",
  })) {
    svg.setAttribute(attribute, value);
  }
  svg.append(document.createElementNS(SVG, "path"));
  setIcon(svg, name);
  return svg;
}

/** Redraws `svg` as `name` (only when it shows another icon). */
export function setIcon(svg: Element, name: IconName): void {
  if (svg.getAttribute("data-icon") === name) {
    return;
  }
  svg.setAttribute("data-icon", name);
  let path = svg.querySelector("path");
  if (!path) {
    path = document.createElementNS(SVG, "path");
    svg.append(path);
  }
  path.setAttribute("d", ICONS[name]);
}
