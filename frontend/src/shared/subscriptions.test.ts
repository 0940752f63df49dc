import { describe, expect, it } from "vitest";
import { FakeClock } from "../../tests/fake-clock.js";
import { Subscriptions } from "./subscriptions.js";

describe("Subscriptions", () => {
  it("removes every listener on dispose, and can be used again", () => {
    const subs = new Subscriptions(new FakeClock());
    const target = document.createElement("button");
    const clicks: string[] = [];
    subs.on(target, "click", () => clicks.push("a"));
    subs.on(document, "keydown", () => clicks.push("key"));
    target.click();
    subs.dispose();
    target.click();
    document.dispatchEvent(new KeyboardEvent("keydown"));
    expect(clicks).toEqual(["a"]);
    expect(subs.size).toBe(0);
    subs.on(target, "click", () => clicks.push("b"));
    target.click();
    expect(clicks).toEqual(["a", "b"]);
  });

  it("passes listener options through to removal (a capturing listener goes too)", () => {
    const subs = new Subscriptions(new FakeClock());
    const seen: string[] = [];
    subs.on(document, "dlw:refresh", () => seen.push("captured"), true);
    subs.dispose();
    document.body.dispatchEvent(new Event("dlw:refresh", { bubbles: true }));
    expect(seen).toEqual([]);
  });

  it("a listener's disposer removes just that listener", () => {
    const subs = new Subscriptions(new FakeClock());
    const target = document.createElement("button");
    const seen: string[] = [];
    const off = subs.on(target, "click", () => seen.push("a"));
    subs.on(target, "click", () => seen.push("b"));
    off();
    off();
    target.click();
    expect(seen).toEqual(["b"]);
    expect(subs.size).toBe(1);
  });

  it("runs timeouts once and forgets them; dispose clears the pending ones", () => {
    const clock = new FakeClock();
    const subs = new Subscriptions(clock);
    const fired: string[] = [];
    subs.setTimeout(() => fired.push("soon"), 100);
    subs.setTimeout(() => fired.push("late"), 1000);
    const cancel = subs.setTimeout(() => fired.push("cancelled"), 50);
    cancel();
    clock.advance(100);
    expect(fired).toEqual(["soon"]);
    expect(subs.size).toBe(1);
    subs.dispose();
    expect(clock.timers).toHaveLength(0);
    clock.advance(5000);
    expect(fired).toEqual(["soon"]);
  });

  it("repeats intervals on the clock until disposed", () => {
    const clock = new FakeClock();
    const subs = new Subscriptions(clock);
    let ticks = 0;
    subs.setInterval(() => {
      ticks += 1;
    }, 30);
    clock.advance(95);
    expect(ticks).toBe(3);
    subs.dispose();
    clock.advance(300);
    expect(ticks).toBe(3);
    expect(clock.timers).toHaveLength(0);
  });

  it("runs other disposers newest first, each once", () => {
    const subs = new Subscriptions(new FakeClock());
    const order: number[] = [];
    subs.add(() => order.push(1));
    const second = subs.add(() => order.push(2));
    subs.add(() => order.push(3));
    second();
    subs.dispose();
    subs.dispose();
    expect(order).toEqual([2, 3, 1]);
  });
});
