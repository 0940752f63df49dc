import { describe, expect, it } from "vitest";
import {
  canTransition,
  IllegalTransition,
  TRANSITIONS,
  UploadMachine,
  type UploadState,
} from "./state.js";

const STATES = Object.keys(TRANSITIONS) as UploadState[];

describe("UploadMachine", () => {
  it("walks the happy path and reports every change", () => {
    const seen: string[] = [];
    const machine = new UploadMachine("idle", (from, to) => seen.push(`${from}>${to}`));
    machine.to("uploading");
    machine.to("paused");
    machine.to("uploading");
    machine.to("error");
    machine.to("uploading");
    machine.to("complete");
    machine.to("cancelled");
    expect(seen).toEqual([
      "idle>uploading",
      "uploading>paused",
      "paused>uploading",
      "uploading>error",
      "error>uploading",
      "uploading>complete",
      "complete>cancelled",
    ]);
  });

  it.each(
    STATES.flatMap((from) =>
      STATES.filter((to) => !canTransition(from, to)).map((to) => [from, to] as const),
    ),
  )("throws on %s -> %s and stays put", (from, to) => {
    const machine = new UploadMachine(from);
    expect(machine.state).toBe(from);
    expect(() => machine.to(to)).toThrow(IllegalTransition);
    expect(machine.state).toBe(from);
  });

  it("starts in the state it is given, without reporting a change", () => {
    const seen: string[] = [];
    const machine = new UploadMachine("complete", (from, to) => seen.push(`${from}>${to}`));
    expect(machine.state).toBe("complete");
    expect(machine.busy).toBe(false);
    expect(seen).toEqual([]);
    expect(() => machine.to("uploading")).toThrow(IllegalTransition);
    machine.to("cancelled");
    expect(seen).toEqual(["complete>cancelled"]);
  });

  it("counts running, paused and failed uploads as busy", () => {
    const machine = new UploadMachine();
    expect(machine.busy).toBe(false);
    machine.to("uploading");
    expect(machine.busy).toBe(true);
    machine.to("paused");
    expect(machine.busy).toBe(true);
    machine.to("complete");
    expect(machine.busy).toBe(false);
  });

  it("never leaves the final states except complete -> cancelled", () => {
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(TRANSITIONS.complete).toEqual(["cancelled"]);
  });
});
