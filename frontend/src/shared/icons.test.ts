import { describe, expect, it } from "vitest";
import { ICONS } from "./contract.js";
import { createIcon, setIcon } from "./icons.js";

describe("icons", () => {
  it("draws a decorative inline SVG from the contract's path", () => {
    const svg = createIcon("ready", "dlw-icon");
    expect(svg.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(svg.getAttribute("class")).toBe("dlw-icon");
    expect(svg.getAttribute("aria-hidden")).toBe("true");
    expect(svg.getAttribute("data-icon")).toBe("ready");
    expect(svg.querySelector("path")?.getAttribute("d")).toBe(ICONS.ready);
  });

  it("redraws in place, touching nothing when the icon is the same", () => {
    const svg = createIcon("running", "dlw-icon");
    const path = svg.querySelector("path");
    setIcon(svg, "failed");
    expect(svg.querySelector("path")).toBe(path);
    expect(path?.getAttribute("d")).toBe(ICONS.failed);
    path?.setAttribute("d", "M0 0");
    setIcon(svg, "failed");
    expect(path?.getAttribute("d")).toBe("M0 0");
  });

  it("adds the path to a server-rendered svg that lacks one", () => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    setIcon(svg, "pending");
    expect(svg.querySelector("path")?.getAttribute("d")).toBe(ICONS.pending);
  });
});
