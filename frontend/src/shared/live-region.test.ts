import { describe, expect, it } from "vitest";
import { announce, createLiveRegion, findLiveRegion } from "./live-region.js";

describe("live region", () => {
  it("builds a polite status region and announces into it", () => {
    const region = createLiveRegion();
    expect(region.outerHTML).toBe('<div class="dlw-live" role="status" aria-live="polite"></div>');
    announce(region, "users.csv is ready");
    announce(region, "");
    expect(region.textContent).toBe("users.csv is ready");
  });

  it("finds the server-rendered region", () => {
    const root = document.createElement("div");
    root.innerHTML = '<p></p><div class="dlw-live" role="status"></div>';
    expect(findLiveRegion(root)).toBe(root.lastElementChild);
    expect(findLiveRegion(document.createElement("div"))).toBeNull();
  });
});
