import { describe, expect, it } from "vitest";
import { sessionKindLine } from "./kind-line";

describe("sessionKindLine", () => {
  it.each([
    [{ kind: "ONE_TO_ONE" as const }, "1:1 session"],
    [{ kind: "GROUP" as const, seatsLeft: 3, capacity: 4 }, "Group session · 3 of 4 seats left"],
    [{ kind: "GROUP" as const, seatsLeft: 0, capacity: 4 }, "Group session · 0 of 4 seats left"],
    // A booking's confirmation does not know the seats: no "undefined of undefined".
    [{ kind: "GROUP" as const }, "Group session"],
    [{ kind: "GROUP" as const, seatsLeft: 2 }, "Group session"],
  ])("%o reads %s", (session, expected) => {
    expect(sessionKindLine(session)).toBe(expected);
  });
});
