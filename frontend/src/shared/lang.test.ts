import { afterEach, describe, expect, it } from "vitest";
import { resolveLang } from "./lang.js";

afterEach(() => document.documentElement.removeAttribute("lang"));

describe("resolveLang", () => {
  it("prefers data-lang, then the page's lang, then the browser default", () => {
    const element = document.createElement("div");
    expect(resolveLang(element)).toBeUndefined();
    document.documentElement.lang = "fr";
    expect(resolveLang(element)).toBe("fr");
    element.dataset.lang = "de";
    expect(resolveLang(element)).toBe("de");
  });
});
