/**
 * The coordinators' operations list (issue 16): every filter alone and combined, the sorts, paging,
 * who may read it, and the CSV export's exact bytes (header, quoting, formula guard, keyset batches).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { operationsQuery } from "../../app/domain/sessions/operations-filters";
import { prisma } from "../../app/services/db.server";
import { allOperationsRows, listOperations, operationsCsv } from "../../app/services/operations-list.server";
import { readOperationsRequest } from "../../app/utils/operations-query";
import { createSessionWithSeats, createTutor, createUser, testNow, useFixedClock } from "../factories";

useFixedClock();

type Viewer = Awaited<ReturnType<typeof createUser>>;
let coordinator: Viewer;
/** The sessions by name, and the ids in the order they were created. */
let s: Record<"a" | "b" | "c" | "d" | "e" | "f" | "g", string>;

/** A payment (PAID) of £40 for the session's seat of `studentId`, with a refund of `refund` in `status` if given. */
async function paidSeat(sessionId: string, studentId: string, refund?: { amountMinor: number; status: "PENDING" | "PROCESSED" | "FAILED" }) {
  const seat = await prisma.participant.findUniqueOrThrow({ where: { sessionId_studentId: { sessionId, studentId } } });
  const payment = await prisma.payment.create({ data: { participantId: seat.id, payerId: studentId, amountMinor: 4000, currency: "GBP", status: "PAID" } });
  if (refund)
    await prisma.refund.create({
      data: { paymentId: payment.id, amountMinor: refund.amountMinor, currency: "GBP", reason: "TEST", status: refund.status, idempotencyKey: `test-${payment.id}` },
    });
}

/**
 * Seven sessions (now is Monday 3 March 2031, 08:00 UTC):
 * a Tess +24 h 1:1 scheduled, Ann paid, a reschedule pending;
 * b Tom +48 h group scheduled, Ann and "+Pat", moved to Tom from Tess;
 * c Tess −48 h completed, Bob paid, £10 refunded;
 * d Tom −72 h cancelled, +Pat paid, refund failed;
 * e Tess −30 h in progress: its check-out is missing;
 * f Tom −5 h no-show, Ann paid, refund pending;
 * g Tess −80 h awaiting confirmation, Bob silent: overdue.
 */
beforeEach(async () => {
  coordinator = await createUser({ roles: ["COORDINATOR"], name: "Cora Coordinator", timezone: "UTC" });
  const [tess, tom] = [await createTutor({ name: "Tess Tutor", weeklyHours: false }), await createTutor({ name: "Tom Tutor", weeklyHours: false })];
  const [ann, bob, pat] = [await createUser({ name: "Ann Able" }), await createUser({ name: "Bob Baker" }), await createUser({ name: '+Pat, "Plus"' })];
  const make = async (tutorId: string, hours: number, seats: Parameters<typeof createSessionWithSeats>[2], options: Parameters<typeof createSessionWithSeats>[3]) =>
    (await createSessionWithSeats(tutorId, hours, seats, options)).sessionId;
  s = {
    a: await make(tess.id, 24, [{ studentId: ann.id, status: "CONFIRMED" }], { title: "Algebra" }),
    b: await make(
      tom.id,
      48,
      [
        { studentId: ann.id, status: "CONFIRMED" },
        { studentId: pat.id, status: "CONFIRMED" },
      ],
      { kind: "GROUP", capacity: 4, title: "Exam practice" },
    ),
    c: await make(tess.id, -48, [{ studentId: bob.id, status: "CONFIRMED" }], { status: "COMPLETED" }),
    d: await make(tom.id, -72, [{ studentId: pat.id, status: "CANCELLED" }], { status: "CANCELLED" }),
    e: await make(tess.id, -30, [{ studentId: ann.id, status: "CONFIRMED" }], { status: "IN_PROGRESS" }),
    f: await make(tom.id, -5, [{ studentId: ann.id, status: "CONFIRMED" }], { status: "NO_SHOW" }),
    g: await make(tess.id, -80, [{ studentId: bob.id, status: "CONFIRMED" }], { status: "AWAITING_CONFIRMATION" }),
  };
  // Created one minute apart in the order a…g, so the "created" sort is known.
  for (const [index, id] of Object.values(s).entries())
    await prisma.tutoringSession.update({ where: { id }, data: { createdAt: testNow().minus({ days: 30 }).plus({ minutes: index }).toJSDate() } });
  await prisma.rescheduleRequest.create({
    data: {
      sessionId: s.a,
      initiatorRole: "STUDENT",
      initiatorId: ann.id,
      proposerId: ann.id,
      awaitingRole: "TUTOR",
      proposedStartsAt: testNow().plus({ hours: 30 }).toJSDate(),
      proposedEndsAt: testNow().plus({ hours: 31 }).toJSDate(),
      reason: "Clash",
      expiresAt: testNow().plus({ hours: 20 }).toJSDate(),
      onExpiry: "expire",
    },
  });
  await prisma.tutoringSession.update({ where: { id: s.b }, data: { reassignedFromId: tess.id, reassignmentStatus: "ACCEPTED", reassignedAt: testNow().toJSDate() } });
  await prisma.tutoringSession.update({ where: { id: s.e }, data: { actualStartedAt: testNow().minus({ hours: 30 }).plus({ minutes: 5 }).toJSDate() } });
  await prisma.tutoringSession.update({ where: { id: s.c }, data: { studentReschedules: 1, tutorReschedules: 1, priceMinor: 4000, currency: "GBP" } });
  await paidSeat(s.a, ann.id);
  await paidSeat(s.c, bob.id, { amountMinor: 1000, status: "PROCESSED" });
  await paidSeat(s.d, pat.id, { amountMinor: 4000, status: "FAILED" });
  await paidSeat(s.f, ann.id, { amountMinor: 4000, status: "PENDING" });
});

/** The ids the list shows for a query string, as the route reads it (viewer in UTC). */
async function listed(search: string, viewer: Viewer = coordinator) {
  const { query, errors } = readOperationsRequest(new URL(`http://test/coordinator/sessions?${search}`), viewer.timezone);
  if (!query) throw new Error(`invalid filters: ${JSON.stringify(errors)}`);
  return listOperations(viewer, query);
}
const ids = async (search: string) => (await listed(search)).rows.map((row) => row.id);

describe("the operations list", () => {
  it("lists every session, the latest start first, with what each row shows", async () => {
    expect(await ids("")).toEqual([s.b, s.a, s.f, s.e, s.c, s.d, s.g]);
    const { rows } = await listed("");
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(byId[s.b]).toMatchObject({
      title: "Exam practice",
      kind: "GROUP",
      tutorName: "Tom Tutor",
      learners: ['+Pat, "Plus"', "Ann Able"],
      status: "Scheduled",
      reassigned: true,
    });
    expect(byId[s.a]).toMatchObject({ tutorName: "Tess Tutor", learners: ["Ann Able"], pendingReschedule: true, paidMinor: 4000, refundedMinor: 0, reschedules: 0 });
    expect(byId[s.c]).toMatchObject({ status: "Completed", paidMinor: 4000, refundedMinor: 1000, reschedules: 2, priceMinor: 4000, currency: "GBP" });
    expect(byId[s.d]).toMatchObject({ status: "Cancelled", learners: ['+Pat, "Plus"'], refundedMinor: 0 });
    expect(byId[s.e]).toMatchObject({
      status: "In progress: check-out missing",
      actualStartedAt: testNow().minus({ hours: 30 }).plus({ minutes: 5 }).toJSDate(),
      actualEndedAt: null,
    });
  });

  it.each([
    ["status=SCHEDULED", ["b", "a"]],
    ["status=COMPLETED&status=CANCELLED", ["c", "d"]],
    ["tutor=tom", ["b", "f", "d"]],
    ["student=bob", ["c", "g"]],
    ["student=%2BPat", ["b", "d"]],
    ["q=ann", ["b", "a", "f", "e"]],
    ["q=tess", ["a", "e", "c", "g"]],
    ["q=100%25", []],
    ["from=2031-03-03&to=2031-03-04", ["a", "f"]],
    ["from=2031-03-04", ["b", "a"]],
    ["to=2031-02-28", ["d", "g"]],
    ["kind=GROUP", ["b"]],
    ["kind=ONE_TO_ONE", ["a", "f", "e", "c", "d", "g"]],
    ["refund=none", ["b", "a", "e", "g"]],
    ["refund=pending", ["f"]],
    ["refund=processed", ["c"]],
    ["refund=failed", ["d"]],
    ["reassigned=yes", ["b"]],
    ["reschedule=pending", ["a"]],
    ["attention=check-out-missing", ["e"]],
    ["attention=confirmation-overdue", ["g"]],
    ["attention=failed-refund", ["d"]],
    ["attention=check-out-missing&attention=failed-refund&attention=confirmation-overdue", ["e", "d", "g"]],
    // Filters combine with AND.
    ["tutor=tess&status=SCHEDULED&status=IN_PROGRESS&to=2031-03-02", ["e"]],
    ["q=ann&kind=ONE_TO_ONE&refund=none", ["a", "e"]],
    ["tutor=tom&refund=failed&attention=failed-refund&status=CANCELLED", ["d"]],
    ["tutor=tom&student=bob", []],
  ])("%s", async (search, expected) => {
    expect(await ids(search)).toEqual(expected.map((name) => s[name as keyof typeof s]));
  });

  it("reads dates as days in the viewer's zone", async () => {
    // 3 March in Kathmandu (+05:45) runs from 2 March 18:15 to 3 March 18:15 UTC: f (03:00 UTC) only.
    const kathmandu = await createUser({ roles: ["ADMIN"], timezone: "Asia/Kathmandu" });
    const { query } = readOperationsRequest(new URL("http://test/coordinator/sessions?from=2031-03-03&to=2031-03-03"), kathmandu.timezone);
    expect((await listOperations(kathmandu, query!)).rows.map((row) => row.id)).toEqual([s.f]);
    // Los Angeles (−08:00): 2 March runs to 3 March 08:00 UTC, so it holds f (2 March, 19:00 local);
    // 3 and 4 March end at 5 March 08:00 UTC exactly, which leaves b (starting then) out.
    const la = await createUser({ roles: ["COORDINATOR"], timezone: "America/Los_Angeles" });
    const inLa = (search: string) => listOperations(la, readOperationsRequest(new URL(`http://test/coordinator/sessions?${search}`), la.timezone).query!);
    expect((await inLa("from=2031-03-02&to=2031-03-02")).rows.map((row) => row.id)).toEqual([s.f]);
    expect((await inLa("from=2031-03-03&to=2031-03-04")).rows.map((row) => row.id)).toEqual([s.a]);
  });

  it.each([
    ["sort=start&dir=asc", ["g", "d", "c", "e", "f", "a", "b"]],
    ["sort=created&dir=asc", ["a", "b", "c", "d", "e", "f", "g"]],
    ["sort=created", ["g", "f", "e", "d", "c", "b", "a"]],
    // The lifecycle order: scheduled, in progress, awaiting confirmation, completed, cancelled, no-show; then the start.
    ["sort=status&dir=asc", ["a", "b", "e", "g", "c", "d", "f"]],
    ["sort=status&dir=desc", ["f", "d", "c", "g", "e", "b", "a"]],
  ])("sorts by %s", async (search, expected) => {
    expect(await ids(search)).toEqual(expected.map((name) => s[name as keyof typeof s]));
  });

  it("pages by the chosen size and says when there is more", async () => {
    const first = await listed("size=3");
    expect([first.rows.map((row) => row.id), first.hasMore]).toEqual([[s.b, s.a, s.f], true]);
    const third = await listed("size=3&page=3");
    expect([third.rows.map((row) => row.id), third.hasMore]).toEqual([[s.g], false]);
    const filtered = await listed("tutor=tess&size=2&page=2");
    expect([filtered.rows.map((row) => row.id), filtered.hasMore]).toEqual([[s.c, s.g], false]);
    expect((await listed("page=9")).rows).toEqual([]);
  });

  it("is for coordinators and admins only", async () => {
    const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
    expect((await listed("", admin)).rows).toHaveLength(7);
    for (const roles of [["STUDENT"], ["PARENT"], ["TUTOR"]] as const) {
      const other = await createUser({ roles: [...roles] });
      await expect(listOperations(other, operationsQuery({}, "UTC"))).rejects.toMatchObject({ code: "FORBIDDEN" });
      let refusal: unknown;
      try {
        operationsCsv(other, operationsQuery({}, "UTC"), "UTC");
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

async function csvText(search: string, zone = "UTC", batchSize?: number): Promise<string> {
  const { query } = readOperationsRequest(new URL(`http://test/coordinator/sessions.csv?${search}`), zone);
  const chunks: Buffer[] = [];
  for await (const chunk of operationsCsv(coordinator, query!, zone, batchSize)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

describe("the CSV export", () => {
  it("writes a BOM, a header and one record a session, quoted by csv-stringify, formulas neutralised, instants in ISO 8601 with the zone", async () => {
    await prisma.tutoringSession.update({ where: { id: s.b }, data: { title: "=1+2" } });
    const text = await csvText("tutor=tom&sort=start&dir=asc", "Europe/London");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.slice(1).split("\n")).toEqual([
      "session_id,starts_at,ends_at,zone,title,meeting_type,tutor,learners,status,actual_start,actual_end,currency,price,paid,refunded,reschedules,replacement_tutor,pending_reschedule,created_at",
      `${s.d},2031-02-28T08:00:00+00:00,2031-02-28T09:00:00+00:00,Europe/London,Maths,1:1,Tom Tutor,"'+Pat, ""Plus""",Cancelled,,,USD,0.00,40.00,0.00,0,no,no,2031-02-01T08:03:00+00:00`,
      `${s.f},2031-03-03T03:00:00+00:00,2031-03-03T04:00:00+00:00,Europe/London,Maths,1:1,Tom Tutor,Ann Able,No-show,,,USD,0.00,40.00,0.00,0,no,no,2031-02-01T08:05:00+00:00`,
      `${s.b},2031-03-05T08:00:00+00:00,2031-03-05T09:00:00+00:00,Europe/London,'=1+2,group,Tom Tutor,"'+Pat, ""Plus""; Ann Able",Scheduled,,,USD,0.00,0.00,0.00,0,yes,no,2031-02-01T08:01:00+00:00`,
      "",
    ]);
  });

  it("writes the header alone when nothing matches", async () => {
    expect(await csvText("tutor=tom&refund=processed")).toBe(
      "\uFEFFsession_id,starts_at,ends_at,zone,title,meeting_type,tutor,learners,status,actual_start,actual_end,currency,price,paid,refunded,reschedules,replacement_tutor,pending_reschedule,created_at\n",
    );
  });

  it("streams every matching row in keyset batches, in the list's order, for every sort", async () => {
    for (const search of ["", "sort=start&dir=asc", "sort=created", "sort=created&dir=asc", "sort=status", "sort=status&dir=asc", "tutor=tess&sort=status"]) {
      const everything = (await listed(`${search}&size=100`)).rows.map((row) => row.id);
      const { query } = readOperationsRequest(new URL(`http://test/coordinator/sessions?${search}`), "UTC");
      const streamed: string[] = [];
      for await (const row of allOperationsRows(coordinator, query!, 2)) streamed.push(row.id);
      expect(streamed, search).toEqual(everything);
      // Paging is ignored: the export is every page.
      const lines = (await csvText(`${search}&page=2&size=1`, "UTC", 3)).trim().split("\n");
      expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(everything);
    }
  });
});
