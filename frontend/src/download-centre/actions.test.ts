import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount, q } from "../../tests/centre-fixture.js";
import { download, listResponse, settle } from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { KEY_PLACEHOLDER } from "../shared/contract.js";
import { DlwDownloadCentre } from "./element.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("actions", () => {
  it("Cancel posts with the CSRF token, Clear deletes, then the list refreshes", async () => {
    const running = download("running");
    const ready = download("ready");
    const { element, platform } = mount({ downloads: [running, ready] });
    platform.network.respond = (call) =>
      call.url.endsWith("/downloads/")
        ? listResponse(2, [ready])
        : new Response(null, { status: 202 });
    q(element, ".dlw-toggle").click();
    q(element, ".dlw-cancel").click();
    q(element, ".dlw-clear").click();
    await settle();
    const [cancel, clear] = platform.network.calls;
    expect(cancel?.url).toBe(`/dlwidget/downloads/${running.key}/cancel/`);
    expect(cancel?.init.method).toBe("POST");
    expect(cancel?.init.headers).toMatchObject({ "X-CSRFToken": "token-123" });
    expect(cancel?.init.credentials).toBe("same-origin");
    expect(clear?.url).toBe(`/dlwidget/downloads/${ready.key}/`);
    expect(clear?.init.method).toBe("DELETE");
    expect(platform.network.calls.some((c) => c.url === "/dlwidget/downloads/")).toBe(true);
    expect(element.state.version).toBe(2);
  });

  it("announces a failed action", async () => {
    const running = download("running", { name: "users.csv" });
    const { element, platform } = mount({ downloads: [running] });
    platform.network.respond = () => new Response("{}", { status: 403 });
    q(element, ".dlw-cancel").click();
    await settle();
    expect(q(element, ".dlw-live").textContent).toBe("users.csv: the request failed, try again");
  });
});

describe("sendActions", () => {
  it("sends one request at a time, and reports a failure among them", async () => {
    const { sendActions } = await import("./actions.js");
    let open = 0;
    let most = 0;
    const seen: string[] = [];
    const fetch = async (url: string) => {
      open += 1;
      most = Math.max(most, open);
      seen.push(url);
      await new Promise((resolve) => setTimeout(resolve, 1));
      open -= 1;
      return new Response(null, { status: url.includes("/b/") ? 500 : 204 });
    };
    const key = KEY_PLACEHOLDER;
    const config = { detailUrl: `/d/${key}/`, cancelUrl: `/d/${key}/cancel/`, csrfToken: "t" };
    const busy = new Set<string>();
    const worked = await sendActions(
      fetch as never,
      config as never,
      "clear",
      ["a", "b", "c"],
      busy,
    );
    expect(most).toBe(1);
    expect(seen).toHaveLength(3);
    expect(worked).toBe(false);
    expect(busy.size).toBe(0);
  });
});
