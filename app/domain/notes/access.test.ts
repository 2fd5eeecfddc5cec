import { describe, expect, it } from "vitest";
import { relationshipTo } from "~/domain/sessions/relationship";
import type { SessionStatus } from "~/domain/sessions/status";
import { hasNotesStage, notesAccess, notesWindow, type NotesSession } from "./access";

const checkedOutAt = new Date("2031-03-03T11:02:00Z");
const endsAt = new Date("2031-03-03T11:00:00Z");
const session = (overrides: Partial<NotesSession> = {}): NotesSession => ({ status: "AWAITING_CONFIRMATION", noShowParty: null, checkedOutAt, endsAt, ...overrides });
const ms = (iso: string) => new Date(iso);

describe("hasNotesStage: from check-out on", () => {
  const rows: [SessionStatus, "tutor" | "student" | null, boolean][] = [
    ["PENDING_PAYMENT", null, false],
    ["SCHEDULED", null, false],
    ["IN_PROGRESS", null, false],
    ["AWAITING_CONFIRMATION", null, true],
    ["DISPUTED", null, true],
    ["COMPLETED", null, true],
    ["CANCELLED", null, false],
    ["NO_SHOW", "student", true],
    ["NO_SHOW", "tutor", false],
    ["NO_SHOW", null, false],
  ];
  it.each(rows)("%s (no-show party %s) → %s", (status, noShowParty, expected) => {
    expect(hasNotesStage({ status, noShowParty })).toBe(expected);
  });
});

describe("notesWindow: 7 days from the check-out", () => {
  it.each([
    ["at the check-out", "2031-03-03T11:02:00Z", "open"],
    ["a millisecond before 7 days", "2031-03-10T11:01:59.999Z", "open"],
    ["exactly 7 days after", "2031-03-10T11:02:00Z", "closed"],
    ["a month later", "2031-04-03T11:02:00Z", "closed"],
  ])("%s → %s", (_label, now, state) => {
    const window = notesWindow(session(), ms(now));
    expect(window.state).toBe(state);
    if (window.state === "open") expect(window.closesAt).toEqual(ms("2031-03-10T11:02:00Z"));
    if (window.state === "closed") expect(window.closedAt).toEqual(ms("2031-03-10T11:02:00Z"));
  });

  it("counts from the scheduled end when a coordinator recorded the attendance (no check-out)", () => {
    const recorded = session({ checkedOutAt: null });
    expect(notesWindow(recorded, ms("2031-03-10T10:59:59.999Z"))).toEqual({ state: "open", closesAt: ms("2031-03-10T11:00:00Z") });
    expect(notesWindow(recorded, ms("2031-03-10T11:00:00Z")).state).toBe("closed");
  });

  it("is none before the check-out, for a cancellation and for a tutor's no-show, whatever the time", () => {
    expect(notesWindow(session({ status: "IN_PROGRESS", checkedOutAt: null }), ms("2031-03-03T11:30:00Z"))).toEqual({ state: "none" });
    expect(notesWindow(session({ status: "CANCELLED" }), ms("2031-03-04T00:00:00Z"))).toEqual({ state: "none" });
    expect(notesWindow(session({ status: "NO_SHOW", noShowParty: "tutor", checkedOutAt: null }), ms("2031-03-04T00:00:00Z"))).toEqual({ state: "none" });
  });

  it("stays open through a dispute and after completion, and for the learners' no-show", () => {
    for (const overrides of [{ status: "DISPUTED" }, { status: "COMPLETED" }, { status: "NO_SHOW", noShowParty: "student" }] as const) {
      expect(notesWindow(session(overrides), ms("2031-03-05T00:00:00Z")).state).toBe("open");
    }
  });
});

describe("notesAccess: who reads and writes", () => {
  const seats = [
    { id: "seat-a", studentId: "amy", bookedById: "pat" },
    { id: "seat-b", studentId: "ben", bookedById: "ben" },
  ];
  const allSeatIds = seats.map((seat) => seat.id);
  const shared = { tutorId: "tess", seats };
  const open = notesWindow(session(), ms("2031-03-04T00:00:00Z"));
  const closed = notesWindow(session(), ms("2031-03-20T00:00:00Z"));
  const none = notesWindow(session({ status: "SCHEDULED", checkedOutAt: null }), ms("2031-03-03T09:00:00Z"));
  const access = (person: { id: string; roles: ("STUDENT" | "PARENT" | "TUTOR" | "COORDINATOR" | "ADMIN")[] }, window = open, children: string[] = []) =>
    notesAccess(relationshipTo(person, shared, children), allSeatIds, window);

  it("the tutor reads everything and writes the tutor's notes while the window is open", () => {
    expect(access({ id: "tess", roles: ["TUTOR"] })).toMatchObject({ mayRead: true, readSeats: allSeatIds, mayWriteTutorNotes: true, writeSeats: [] });
    expect(access({ id: "tess", roles: ["TUTOR"] }, closed)).toMatchObject({ mayRead: true, mayWriteTutorNotes: false, writeSeats: [] });
  });

  it("a student reads and writes only their own seat's completion notes", () => {
    expect(access({ id: "ben", roles: ["STUDENT"] })).toMatchObject({ mayRead: true, readSeats: ["seat-b"], mayWriteTutorNotes: false, writeSeats: ["seat-b"] });
  });

  it("the parent who booked and a linked parent act for their child's seat", () => {
    expect(access({ id: "pat", roles: ["PARENT"] })).toMatchObject({ mayRead: true, readSeats: ["seat-a"], writeSeats: ["seat-a"] });
    expect(access({ id: "linda", roles: ["PARENT"] }, open, ["ben"])).toMatchObject({ mayRead: true, readSeats: ["seat-b"], writeSeats: ["seat-b"] });
  });

  it("coordinators and admins read everything and write nothing", () => {
    for (const role of ["COORDINATOR", "ADMIN"] as const) {
      expect(access({ id: "cora", roles: [role] })).toMatchObject({ mayRead: true, readSeats: allSeatIds, mayWriteTutorNotes: false, writeSeats: [] });
    }
  });

  it("nobody else reads anything: another tutor, another student, a parent of nobody here", () => {
    for (const person of [
      { id: "otto", roles: ["TUTOR"] as const },
      { id: "zoe", roles: ["STUDENT"] as const },
      { id: "paul", roles: ["PARENT"] as const },
    ]) {
      expect(access({ id: person.id, roles: [...person.roles] })).toMatchObject({ mayRead: false, readSeats: [], mayWriteTutorNotes: false, writeSeats: [] });
    }
  });

  it("after the window nobody writes; before the check-out there is nothing to read", () => {
    expect(access({ id: "ben", roles: ["STUDENT"] }, closed)).toMatchObject({ mayRead: true, writeSeats: [] });
    expect(access({ id: "tess", roles: ["TUTOR"] }, none)).toMatchObject({ mayRead: false, readSeats: [], mayWriteTutorNotes: false });
  });
});
