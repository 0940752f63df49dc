import { afterEach, describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import { readConfig } from "./config.js";
import { adoptParts } from "./parts.js";
import { RateTracker } from "./rate.js";
import { renderCentre } from "./render.js";
import { DEFAULT_STRINGS } from "./strings.js";

afterEach(() => document.body.replaceChildren());

describe("renderCentre", () => {
  it("renders the list, shows Clear finished only with something finished, feeds the rates", () => {
    const root = document.createElement("div");
    document.body.append(root);
    const parts = adoptParts(root, {}, DEFAULT_STRINGS, "/all/");
    const config = readConfig(root);
    const rates = new RateTracker();
    const running = download("running", { progress: 20 });
    renderCentre(parts, config, [running], 0, rates);
    expect(parts.list.children).toHaveLength(1);
    expect(parts.clearFinished?.hidden).toBe(true);
    const later = { ...running, progress: 60 };
    renderCentre(parts, config, [later], 10_000, rates);
    expect(rates.secondsLeft(later, 10_000)).toBe(10);
    expect(parts.list.querySelector(".dlw-meta")?.textContent).toMatch(/^60% · 10 sec/);
    renderCentre(parts, config, [{ ...later, status: "ready" }], 20_000, rates);
    expect(parts.clearFinished?.hidden).toBe(false);
    expect(renderCentre(parts, config, [], 30_000, rates)).toBe(false);
    expect(parts.empty.hidden).toBe(false);
  });
});
