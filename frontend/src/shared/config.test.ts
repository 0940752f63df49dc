import { describe, expect, it } from "vitest";
import { choice, flag, positiveNumber } from "./config.js";

describe("data-* readers", () => {
  it("positiveNumber falls back on missing, broken, zero and negative values", () => {
    expect(positiveNumber("2000", 5000)).toBe(2000);
    for (const bad of [undefined, "", "abc", "0", "-5", "Infinity"]) {
      expect(positiveNumber(bad, 5000)).toBe(5000);
    }
  });

  it("flag is true when present, unless it says false", () => {
    expect(flag("")).toBe(true);
    expect(flag("true")).toBe(true);
    expect(flag("false")).toBe(false);
    expect(flag(undefined)).toBe(false);
  });

  it("choice keeps known values only", () => {
    const modes = ["poll", "ws", "auto"] as const;
    expect(choice("ws", modes, "auto")).toBe("ws");
    expect(choice("smoke", modes, "auto")).toBe("auto");
    expect(choice(undefined, modes, "auto")).toBe("auto");
  });
});
