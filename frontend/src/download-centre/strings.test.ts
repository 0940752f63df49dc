import { describe, expect, it } from "vitest";
import { DEFAULT_STRINGS, parseStrings, withName } from "./strings.js";

describe("parseStrings", () => {
  it("overrides known strings and ignores inherited property names", () => {
    const strings = parseStrings('{"toggle": "Téléchargements", "toString": "x"}');
    expect(strings.toggle).toBe("Téléchargements");
    expect(Object.hasOwn(strings, "toString")).toBe(false);
    expect(strings.empty).toBe(DEFAULT_STRINGS.empty);
  });

  it("fills the name", () => {
    expect(withName("%(name)s is ready", "users.csv")).toBe("users.csv is ready");
  });
});
