import { describe, expect, it } from "vitest";
import { fill, parseStringMap, roleClass } from "./data-map.js";

const isColour = (key: string): key is "red" | "blue" => key === "red" || key === "blue";

describe("parseStringMap", () => {
  it("keeps known keys with string values only", () => {
    expect(parseStringMap('{"red": "r", "blue": 3, "green": "g"}', isColour)).toEqual({ red: "r" });
  });

  it("ignores broken JSON, non-objects and a missing attribute", () => {
    expect(parseStringMap("{not json", isColour)).toEqual({});
    expect(parseStringMap('"red"', isColour)).toEqual({});
    expect(parseStringMap(undefined, isColour)).toEqual({});
  });
});

describe("roleClass", () => {
  it("adds the mapped classes to the dlw- class", () => {
    expect(roleClass("red", { red: " btn btn-danger " })).toBe("dlw-red btn btn-danger");
    expect(roleClass<"red" | "blue">("blue", { red: "x" })).toBe("dlw-blue");
  });
});

describe("fill", () => {
  it("fills known placeholders and keeps replacement patterns literal", () => {
    expect(fill("%(name)s is %(state)s", { name: "a$&b", state: "ready" })).toBe("a$&b is ready");
    expect(fill("%(name)s %(other)s", { name: "x" })).toBe("x %(other)s");
  });
});
