import { describe, expect, it } from "vitest";
import {
  canTransition,
  IllegalTransition,
  StateMachine,
  type TransitionTable,
} from "./state-machine.js";

type Light = "off" | "on" | "broken";
const TABLE: TransitionTable<Light> = { off: ["on", "broken"], on: ["off", "broken"], broken: [] };

describe("StateMachine", () => {
  it("starts where it is told and reports every change", () => {
    const changes: string[] = [];
    const machine = new StateMachine(TABLE, "on", {
      onChange: (a, b) => changes.push(`${a}>${b}`),
    });
    expect(machine.state).toBe("on");
    machine.to("off");
    machine.to("on");
    expect(changes).toEqual(["on>off", "off>on"]);
    expect(machine.is("off", "on")).toBe(true);
    expect(machine.is("broken")).toBe(false);
  });

  it("throws a typed error on a move the table does not list, and stays put", () => {
    const machine = new StateMachine(TABLE, "broken", { name: "lamp" });
    expect(machine.can("on")).toBe(false);
    let error: unknown;
    try {
      machine.to("on");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error).toMatchObject({ machine: "lamp", from: "broken", to: "on" });
    expect((error as Error).message).toBe("lamp: cannot go from broken to on");
    expect(machine.state).toBe("broken");
  });

  it("answers table look-ups without a machine", () => {
    expect(canTransition(TABLE, "off", "on")).toBe(true);
    expect(canTransition(TABLE, "off", "off")).toBe(false);
  });
});
