import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { parsePending } from "./pending.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

const REPORT = { token: "tok-1", name: "Report, final.pdf" };
const NOTES = { token: "tok-2", name: "notes.csv" };

describe("parsePending", () => {
  it("reads the JSON list of {token, name}, commas in names included", () => {
    expect(parsePending(JSON.stringify([REPORT, NOTES]))).toEqual([REPORT, NOTES]);
  });

  it("skips what is broken and names a nameless upload after its token", () => {
    expect(parsePending("not json")).toEqual([]);
    expect(parsePending('{"token": "x"}')).toEqual([]);
    expect(parsePending(undefined)).toEqual([]);
    const raw = [{ token: "abcdefghijk" }, { name: "no token" }, { token: 7 }, null, "tok"];
    expect(parsePending(JSON.stringify(raw))).toEqual([{ token: "abcdefghijk", name: "abcdefgh" }]);
  });
});

describe("uploads a re-shown form carries", () => {
  it("are finished uploads, each with its own name and token", () => {
    const { element, input, token } = mount({ multiple: true, pending: [REPORT, NOTES] });
    expect(element.items.map((item) => [item.name, item.token, item.state])).toEqual([
      ["Report, final.pdf", "tok-1", "complete"],
      ["notes.csv", "tok-2", "complete"],
    ]);
    const names = [...element.querySelectorAll(".dlw-upload-name")].map((n) => n.textContent);
    expect(names).toEqual(["Report, final.pdf", "notes.csv"]);
    expect(token.value).toBe("tok-1 tok-2");
    expect(input.hasAttribute("name")).toBe(false);
    expect(input.required).toBe(false);
    expect(element.querySelector("[data-dlw-pending]")).toBeNull(); // the list replaces the line
  });

  it("announce nothing and emit no event on load", () => {
    const { element, events } = mount({ pending: [{ token: "tok-9", name: "final.pdf" }] });
    expect(element.items[0]?.state).toBe("complete");
    expect(element.querySelector(".dlw-live")?.textContent).toBe("");
    expect(element.querySelector<HTMLElement>(".dlw-upload-notice")?.hidden).toBe(true);
    expect(events).toEqual([]);
  });

  it("leave the form when removed, which gives the file input back", () => {
    const { element, input, token, events } = mount({ pending: [REPORT] });
    click(element, "remove");
    expect(element.items).toHaveLength(0);
    expect(token.value).toBe("");
    expect(input.name).toBe("file");
    expect(input.required).toBe(true);
    expect(events).toEqual([]);
  });

  it("fall back to the token input's bare tokens without data-pending", () => {
    const { element, token } = mount({ token: "tok-12345678 tok-2" });
    expect(element.items.map((item) => [item.name, item.state])).toEqual([
      ["tok-1234", "complete"],
      ["tok-2", "complete"],
    ]);
    expect(token.value).toBe("tok-12345678 tok-2");
  });
});
