import { describe, expect, it } from "vitest";
import { loader as sessionLoader } from "../../app/routes/sessions.$sessionId";
import { loader as sessionsLoader } from "../../app/routes/sessions._index";
import { cancelSession } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { flagMismatch, resolveMismatch } from "../../app/services/mismatch-flags.server";
import { operationsOverview } from "../../app/services/operations.server";
import { proposeReschedule } from "../../app/services/reschedules.server";
import { getSessionView } from "../../app/services/sessions.server";
import { addAdminNote, getStaffSessionPage } from "../../app/services/staff-session-page.server";
import { createUser, noMeta, useFixedClock } from "../factories";
import { callRoute } from "./route-fixtures";
import { at, checkedOutSession, hoursBefore, paidBooking, refusalOf, tutorWithHours, useFakeStripe, utc, weeklyTime } from "./session-fixtures";

const fakeStripe = useFakeStripe();
useFixedClock();

const coordinator = async (name = "Cora Coordinator") => ({ ...(await createUser({ roles: ["COORDINATOR"], name, timezone: "Europe/London" })), timezone: "Europe/London" });
const flagInput = { kind: "wrong_tutor" as const, note: "Tutor Tom came instead of Tess." };

describe("the timeline", () => {
  it("merges audit events, the payment, the reschedule request, the refund (with Stripe's failure) and the emails, oldest first", async () => {
    const tutor = await tutorWithHours("Tutor Tess");
    const booker = await createUser({ roles: ["STUDENT"], name: "Sam Student", timezone: "UTC" });
    const startsAt = at(3);
    const booking = await paidBooking(fakeStripe(), booker, tutor.id, weeklyTime(booker.id, startsAt));
    await proposeReschedule(tutor, booking.sessionId, { startsAt: at(4, 14).toJSDate(), reason: "I have a clash that morning." }, noMeta);
    await hoursBefore(startsAt, 30, () => cancelSession(booker, booking.sessionId, { category: "SCHEDULE_CONFLICT", reason: "I have an exam that morning." }, noMeta));
    await prisma.refund.create({
      data: {
        paymentId: booking.paymentId,
        amountMinor: 100,
        currency: "GBP",
        reason: "MANUAL",
        status: "FAILED",
        idempotencyKey: "staff-page-test",
        attempts: 2,
        lastError: "charge_already_refunded",
      },
    });
    // Emails about the session carry its id; a sign-in code does not belong to any session.
    expect(await prisma.emailMessage.count({ where: { sessionId: booking.sessionId, template: "booking-confirmed" } })).toBe(1);

    const page = await getStaffSessionPage(await coordinator(), booking.sessionId);
    const { timeline } = page;
    expect(timeline.map((entry) => entry.at)).toEqual([...timeline.map((entry) => entry.at)].sort());
    const indexOf = (match: (entry: (typeof timeline)[number]) => boolean) => {
      const index = timeline.findIndex(match);
      expect(index).toBeGreaterThanOrEqual(0);
      return index;
    };
    const payment = indexOf((entry) => entry.kind === "payment" && entry.title === "Payment £40.00: paid");
    const paid = indexOf((entry) => entry.kind === "audit" && entry.title === "Payment received");
    const confirmedEmail = indexOf((entry) => entry.kind === "email" && entry.title === "Email: Booking confirmed");
    const reschedule = indexOf((entry) => entry.kind === "reschedule");
    const proposed = indexOf((entry) => entry.kind === "audit" && entry.title === "Reschedule proposed");
    const cancelled = indexOf((entry) => entry.kind === "audit" && entry.title === "Cancelled");
    const refund = indexOf((entry) => entry.kind === "refund" && entry.title === "Refund £40.00: processed by Stripe");
    const failed = indexOf((entry) => entry.kind === "refund" && entry.problem);
    const cancelEmail = indexOf((entry) => entry.kind === "email" && entry.title === "Email: Session cancelled");
    expect(payment).toBeLessThan(paid);
    expect(paid).toBeLessThan(confirmedEmail);
    // The request row and its audit event come from one transaction: either may come first.
    expect(confirmedEmail).toBeLessThan(Math.min(reschedule, proposed));
    expect(Math.max(reschedule, proposed)).toBeLessThan(cancelled);
    expect(cancelled).toBeLessThan(refund);
    expect(refund).toBeLessThan(failed);
    expect(cancelEmail).toBeGreaterThan(cancelled);
    expect(timeline[reschedule]).toMatchObject({ who: "Tutor Tess", title: "Reschedule request by the tutor: withdrawn", reason: "I have a clash that morning." });
    expect(timeline[cancelled]).toMatchObject({ who: "Sam Student", reason: "Schedule conflict: I have an exam that morning." });
    expect(timeline[cancelled].changes).toContain("CANCELLED");
    expect(timeline[failed].detail).toContain("Stripe said: charge_already_refunded");
    expect(timeline[confirmedEmail].detail).toMatch(/^"Booking confirmed: .*" · (sent at|waiting to be sent)/);

    expect(page.session).toMatchObject({ status: "Cancelled", tutorName: "Tutor Tess", priceText: "£40.00" });
    expect(page.seats).toEqual([
      expect.objectContaining({ studentName: "Sam Student", status: "CANCELLED", paidText: "£40.00", refundedText: "£40.00", refundPendingText: "£1.00" }),
    ]);
  });

  it("is for coordinators and admins only; an unknown session is not found", async () => {
    const { tutor, parents, sessionId } = await checkedOutSession(["Ada"]);
    expect(await refusalOf(getStaffSessionPage(tutor, sessionId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusalOf(getStaffSessionPage(parents[0], sessionId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusalOf(getStaffSessionPage(await coordinator(), "no-such-session"))).toMatchObject({ code: "NOT_FOUND" });
    // A coordinator who teaches the session is its tutor here: no staff notes for them.
    const teachingCoordinator = { ...tutor, roles: ["TUTOR", "COORDINATOR"] as const };
    await prisma.user.update({ where: { id: tutor.id }, data: { roles: [...teachingCoordinator.roles] } });
    expect(await refusalOf(getStaffSessionPage(teachingCoordinator, sessionId))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("You take part") });
    expect(await refusalOf(addAdminNote(teachingCoordinator, sessionId, "About my own lesson.", noMeta))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusalOf(flagMismatch(teachingCoordinator, sessionId, flagInput, noMeta))).toMatchObject({ code: "FORBIDDEN" });
    const admin = await createUser({ roles: ["ADMIN"], name: "Ann Admin", timezone: "UTC" });
    const page = await getStaffSessionPage(admin, sessionId);
    expect(page.timeline.map((entry) => entry.title)).toEqual(expect.arrayContaining(["Checked in", "Checked out"]));
  });
});

describe("staff notes", () => {
  it("are appended by staff, listed on the staff page, and never reach the tutor's or the parent's views", async () => {
    const { tutor, parents, sessionId } = await checkedOutSession(["Ada"]);
    const staff = await coordinator();
    const secret = "Parent called: prefers no homework. STAFF-ONLY-7731";
    await addAdminNote(staff, sessionId, secret, noMeta);
    await addAdminNote(staff, sessionId, "Second note.", noMeta);
    const page = await getStaffSessionPage(staff, sessionId);
    expect(page.notes.map((note) => [note.body, note.authorName])).toEqual([
      [secret, "Cora Coordinator"],
      ["Second note.", "Cora Coordinator"],
    ]);
    expect(page.timeline.filter((entry) => entry.title === "Staff note added")).toHaveLength(2);
    expect(JSON.stringify(page.timeline)).not.toContain("STAFF-ONLY-7731");

    expect(await refusalOf(addAdminNote(tutor, sessionId, "Tutor trying.", noMeta))).toMatchObject({ code: "FORBIDDEN" });
    for (const person of [tutor, parents[0]]) {
      expect(JSON.stringify(await getSessionView(person, sessionId))).not.toContain("STAFF-ONLY-7731");
      for (const [run, path, params] of [
        [sessionLoader, `/sessions/${sessionId}`, { sessionId }],
        [sessionsLoader, "/sessions", {}],
      ] as const) {
        const response = await callRoute(run, { userId: person.id, path, params, at: utc("2031-03-03T12:00:00Z") });
        expect(response.status).toBe(200);
        expect(await response.text()).not.toContain("STAFF-ONLY-7731");
      }
    }
    // Append-only: the database refuses an edit.
    await expect(prisma.sessionAdminNote.updateMany({ where: { sessionId }, data: { body: "changed" } })).rejects.toThrow();
  });
});

describe("the mismatch flag", () => {
  it("one open flag per session: a second is refused, two at once let one in; resolving reopens the way; the home counts the open ones", async () => {
    const { sessionId } = await checkedOutSession(["Ada"]);
    const other = await checkedOutSession(["Ben"]);
    const cora = await coordinator();
    const dan = await coordinator("Dan Coordinator");
    const count = async () => (await operationsOverview("UTC")).sessions.openMismatches;
    expect(await count()).toBe(0);

    const { flagId } = await flagMismatch(cora, sessionId, flagInput, noMeta);
    expect(await count()).toBe(1);
    expect(await refusalOf(flagMismatch(dan, sessionId, { kind: "other", note: "Another look at it." }, noMeta))).toMatchObject({ code: "MISMATCH_ALREADY_OPEN" });
    const race = await Promise.allSettled([flagMismatch(cora, other.sessionId, flagInput, noMeta), flagMismatch(dan, other.sessionId, flagInput, noMeta)]);
    expect(race.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await count()).toBe(2);

    let page = await getStaffSessionPage(cora, sessionId);
    expect(page.openFlag).toMatchObject({ id: flagId, kind: "wrong_tutor", kindLabel: "The wrong tutor came", note: flagInput.note, flaggedByName: "Cora Coordinator" });
    expect(page.timeline.find((entry) => entry.title === "Mismatch flagged")).toMatchObject({ who: "Cora Coordinator", reason: flagInput.note });

    await resolveMismatch(dan, sessionId, flagId, "Tess confirmed; the rota was wrong.", noMeta);
    expect(await refusalOf(resolveMismatch(cora, sessionId, flagId, "Resolving it twice.", noMeta))).toMatchObject({ code: "MISMATCH_ALREADY_RESOLVED" });
    expect(await refusalOf(resolveMismatch(cora, other.sessionId, flagId, "Wrong session id.", noMeta))).toMatchObject({ code: "NOT_FOUND" });
    expect(await count()).toBe(1);
    page = await getStaffSessionPage(cora, sessionId);
    expect(page.openFlag).toBeNull();
    expect(page.resolvedFlags).toEqual([expect.objectContaining({ id: flagId, resolvedByName: "Dan Coordinator", resolution: "Tess confirmed; the rota was wrong." })]);
    expect(page.timeline.find((entry) => entry.title === "Mismatch resolved")).toMatchObject({ who: "Dan Coordinator" });

    // A new flag may be opened once the last is resolved.
    await flagMismatch(cora, sessionId, { kind: "wrong_student", note: "Ben sat in instead of Ada." }, noMeta);
    expect(await count()).toBe(2);
  });

  it("only staff flag; the database holds the rules whatever the code", async () => {
    const { tutor, sessionId } = await checkedOutSession(["Ada"]);
    const cora = await coordinator();
    expect(await refusalOf(flagMismatch(tutor, sessionId, flagInput, noMeta))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusalOf(flagMismatch(cora, "no-such-session", flagInput, noMeta))).toMatchObject({ code: "NOT_FOUND" });
    await expect(prisma.sessionMismatchFlag.create({ data: { sessionId, kind: "other", note: "too short", flaggedById: cora.id } })).rejects.toThrow();
    await prisma.sessionMismatchFlag.create({ data: { sessionId, kind: "other", note: "Long enough note.", flaggedById: cora.id } });
    await expect(prisma.sessionMismatchFlag.create({ data: { sessionId, kind: "other", note: "Second open one.", flaggedById: cora.id } })).rejects.toThrow();
    await expect(prisma.sessionMismatchFlag.updateMany({ where: { sessionId }, data: { resolvedAt: new Date() } })).rejects.toThrow();
    await expect(prisma.sessionAdminNote.create({ data: { sessionId, authorId: cora.id, body: "" } })).rejects.toThrow();
  });
});
