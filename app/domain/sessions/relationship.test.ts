import { describe, expect, it } from "vitest";
import { relationshipTo } from "./relationship";

const seats = [
  { id: "seat-sam", studentId: "sam", bookedById: "sam" },
  { id: "seat-kid", studentId: "kid", bookedById: "parent" },
  { id: "seat-ana", studentId: "ana", bookedById: "ana" },
];
const session = { tutorId: "tess", seats };

describe("who a person is to a session", () => {
  it.each([
    ["the tutor", { id: "tess", roles: ["TUTOR"] }, [], "tutor", "TUTOR", []],
    ["a seated student", { id: "sam", roles: ["STUDENT"] }, [], "student", "STUDENT", ["seat-sam"]],
    ["the parent who booked", { id: "parent", roles: ["PARENT"] }, [], "booking_parent", "STUDENT", ["seat-kid"]],
    ["a linked parent who did not book", { id: "mum", roles: ["PARENT"] }, ["ana"], "booking_parent", "STUDENT", ["seat-ana"]],
    ["a parent of a child not in it", { id: "dad", roles: ["PARENT"] }, ["someone"], "other", null, []],
    ["a coordinator", { id: "cora", roles: ["COORDINATOR"] }, [], "staff", null, []],
    ["a stranger", { id: "eve", roles: ["STUDENT"] }, [], "other", null, []],
  ] as const)("%s", (_label, person, children, kind, side, seatIds) => {
    const relationship = relationshipTo(person, session, children);
    expect(relationship.kind).toBe(kind);
    expect(relationship.side).toBe(side);
    expect(relationship.seats.map((seat) => seat.id)).toEqual(seatIds);
    expect(relationship.maySee).toBe(kind !== "other");
  });

  it("a tutor who is also staff is the tutor, and staff all the same", () => {
    const relationship = relationshipTo({ id: "tess", roles: ["TUTOR", "ADMIN"] }, session, []);
    expect(relationship).toMatchObject({ kind: "tutor", staff: "ADMIN", side: "TUTOR" });
  });
});
