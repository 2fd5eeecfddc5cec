import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { saveWeeklySchedule, addException } from "../../app/services/availability.server";
import { bookableTimesFor } from "../../app/services/tutor-availability.server";
import { getTutorPage, searchTutors } from "../../app/services/tutor-search.server";
import { prisma } from "../../app/services/db.server";
import { createSlot } from "../../app/services/slots.server";
import { saveTutorProfile } from "../../app/services/tutors.server";
import { createUser, noMeta, testNow, useFixedClock } from "../factories";

async function tutor(name: string, options: { zone: string; subjects: string[]; rate: number; currency?: "USD" | "GBP"; grades?: ("HIGH" | "UNIVERSITY" | "PRIMARY")[] }) {
  const user = await createUser({ roles: ["TUTOR"], timezone: options.zone, name });
  await saveTutorProfile(
    user,
    {
      headline: "",
      bio: "",
      subjects: options.subjects,
      gradeLevels: options.grades ?? ["HIGH"],
      hourlyRate: options.rate,
      currency: options.currency ?? "USD",
      durations: [60],
      bufferMinutes: 0,
      timezone: options.zone,
    },
    noMeta,
  );
  return { ...user, timezone: options.zone };
}

const weekdays = [1, 2, 3, 4, 5] as const;

// Monday 3 March 2031, 08:00 UTC: "in two days, for a week" then spans New York's change to summer time (9 March).
useFixedClock();

describe("browsing tutors", () => {
  it("offers a tutor's weekly hours as instants, the same whichever zone views them", async () => {
    const maria = await tutor("Maria", { zone: "America/New_York", subjects: ["Maths"], rate: 6000 });
    await saveWeeklySchedule(
      maria,
      weekdays.map((weekday) => ({ weekday, start: "09:00", end: "12:00" })),
      noMeta,
    );
    const from = testNow().plus({ days: 2 }).startOf("day");
    const times = await bookableTimesFor(maria.id, { from: from.toJSDate(), to: from.plus({ days: 7 }).toJSDate() });
    // Wednesday 5 to Tuesday 11 March: five weekdays, each 09:00, 09:30, 10:00, 10:30 and 11:00 in New York.
    expect(times).toHaveLength(25);
    for (const time of times) {
      const local = DateTime.fromJSDate(time.startsAt).setZone("America/New_York");
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.plus({ minutes: time.durationMinutes }).toFormat("HH:mm") <= "12:00").toBe(true);
    }
    // A viewer in Sydney sees the same instant, written in their own wall clock.
    const first = DateTime.fromJSDate(times[0].startsAt);
    expect(first.setZone("Australia/Sydney").toMillis()).toBe(first.setZone("America/New_York").toMillis());
  });

  it("subtracts days off and booked sessions, and shows group seats left", async () => {
    const james = await tutor("James", { zone: "Europe/London", subjects: ["English"], rate: 4500 });
    await saveWeeklySchedule(
      james,
      weekdays.map((weekday) => ({ weekday, start: "09:00", end: "11:00" })),
      noMeta,
    );
    let day = testNow().setZone("Europe/London").plus({ days: 3 }).startOf("day");
    while (day.weekday > 5) day = day.plus({ days: 1 });
    const range = { from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
    expect((await bookableTimesFor(james.id, range)).map((time) => DateTime.fromJSDate(time.startsAt).setZone("Europe/London").toFormat("HH:mm"))).toEqual([
      "09:00",
      "09:30",
      "10:00",
    ]);

    await prisma.tutoringSession.create({
      data: {
        tutorId: james.id,
        startsAt: day.set({ hour: 9 }).toJSDate(),
        endsAt: day.set({ hour: 10 }).toJSDate(),
        timezone: "Europe/London",
        kind: "ONE_TO_ONE",
        status: "SCHEDULED",
      },
    });
    expect((await bookableTimesFor(james.id, range)).map((time) => DateTime.fromJSDate(time.startsAt).setZone("Europe/London").toFormat("HH:mm"))).toEqual(["10:00"]);

    const group = await createSlot(james, { date: day.toISODate()!, start: "14:00", end: "15:00", kind: "GROUP", capacity: 3 }, noMeta);
    const student = await createUser();
    await prisma.tutoringSession.create({
      data: {
        tutorId: james.id,
        slotId: group.id,
        startsAt: day.set({ hour: 14 }).toJSDate(),
        endsAt: day.set({ hour: 15 }).toJSDate(),
        timezone: "Europe/London",
        kind: "GROUP",
        capacity: 3,
        status: "SCHEDULED",
        participants: { create: { studentId: student.id, bookedById: student.id, status: "CONFIRMED" } },
      },
    });
    const groupTime = (await bookableTimesFor(james.id, range)).find((time) => time.slotId === group.id);
    expect(groupTime).toMatchObject({ kind: "GROUP", capacity: 3, seatsLeft: 2 });

    await addException(james, { date: day.toISODate()!, kind: "BLOCKED" }, noMeta);
    expect((await bookableTimesFor(james.id, range)).filter((time) => time.source === "weekly")).toEqual([]);
  });

  it("filters by subject, grade level, price and a free day", async () => {
    const maria = await tutor("Maria", { zone: "America/New_York", subjects: ["Maths", "Physics"], rate: 6000, grades: ["HIGH"] });
    const anita = await tutor("Anita", { zone: "Asia/Kathmandu", subjects: ["Computer science", "Maths"], rate: 3000, grades: ["UNIVERSITY"] });
    await tutor("James", { zone: "Europe/London", subjects: ["English"], rate: 4500 });
    await saveWeeklySchedule(anita, [{ weekday: 6, start: "10:00", end: "12:00" }], noMeta);
    await saveWeeklySchedule(
      maria,
      weekdays.map((weekday) => ({ weekday, start: "09:00", end: "12:00" })),
      noMeta,
    );

    const names = async (filter: Partial<Parameters<typeof searchTutors>[0]>) => (await searchTutors({ viewerZone: "UTC", page: 0, ...filter })).tutors.map((card) => card.name);
    expect(await names({})).toEqual(["Anita", "James", "Maria"]);
    expect(await names({ subject: "math" })).toEqual(["Anita", "Maria"]);
    expect(await names({ subject: "MATHS", gradeLevel: "UNIVERSITY" })).toEqual(["Anita"]);
    expect(await names({ maxRate: { minor: 4500, currency: "USD" } })).toEqual(["Anita", "James"]);
    expect(await names({ subject: "%" })).toEqual([]);

    let saturday = testNow().setZone("Asia/Kathmandu").plus({ days: 2 }).startOf("day");
    while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
    expect(await names({ freeOn: saturday.toISODate()!, viewerZone: "Asia/Kathmandu" })).toEqual(["Anita"]);
  });

  it("compares the highest price only with tutors who charge in its currency (issue 13 B7)", async () => {
    await tutor("Maria", { zone: "America/New_York", subjects: ["Maths"], rate: 6000 });
    await tutor("Anita", { zone: "Asia/Kathmandu", subjects: ["Maths"], rate: 3000 });
    await tutor("James", { zone: "Europe/London", subjects: ["English"], rate: 4500, currency: "GBP" });
    const names = async (maxRate: { minor: number; currency: string }) => (await searchTutors({ viewerZone: "UTC", page: 0, maxRate })).tutors.map((card) => card.name);
    // $50 is not £50: James's £45 is left out of a search in dollars, and the dollar tutors out of one in pounds.
    expect(await names({ minor: 5000, currency: "USD" })).toEqual(["Anita"]);
    expect(await names({ minor: 5000, currency: "GBP" })).toEqual(["James"]);
    expect(await names({ minor: 4000, currency: "GBP" })).toEqual([]);
    expect(await names({ minor: 9000, currency: "EUR" })).toEqual([]);
  });

  it("gives the public page the profile and the times together", async () => {
    const anita = await tutor("Anita", { zone: "Asia/Kathmandu", subjects: ["Computer science"], rate: 3000 });
    await saveWeeklySchedule(
      anita,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, start: "10:00", end: "12:00" })),
      noMeta,
    );
    const page = await getTutorPage(anita.id, { from: testNow().toJSDate(), to: testNow().plus({ days: 7 }).toJSDate() });
    expect(page?.tutor).toMatchObject({ name: "Anita", subjects: ["Computer science"], rate: "$30.00 an hour", timezone: "Asia/Kathmandu" });
    // Today's 10:00 to 11:00 in Kathmandu has passed (it is 13:45 there); the next seven days each offer 10:00, 10:30 and 11:00.
    expect(page?.times).toHaveLength(21);
  });

  it("pages through tutors free on a day, skipping those who are not", async () => {
    for (let index = 0; index < 28; index++) {
      const name = `Tutor ${String(index).padStart(2, "0")}`;
      const someone = await tutor(name, { zone: "UTC", subjects: ["Maths"], rate: 1000 });
      // Every fourth tutor teaches only on Sundays.
      await saveWeeklySchedule(someone, [{ weekday: index % 4 === 0 ? 7 : 6, start: "10:00", end: "12:00" }], noMeta);
    }
    let saturday = testNow().plus({ days: 2 }).startOf("day");
    while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
    const freeOn = saturday.toISODate()!;
    const first = await searchTutors({ freeOn, viewerZone: "UTC", page: 0 });
    const second = await searchTutors({ freeOn, viewerZone: "UTC", page: 1 });
    expect(first.tutors).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect(second.tutors).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    const names = [...first.tutors, ...second.tutors].map((card) => card.name);
    expect(names).toHaveLength(21);
    expect(names.filter((name) => Number(name.slice(-2)) % 4 === 0)).toEqual([]);
    expect(names).toEqual([...names].sort());
  });

  it("orders by each tutor's current name, renamed or not (the profile's indexed copy follows the user)", async () => {
    const maria = await tutor("Maria", { zone: "UTC", subjects: ["Maths"], rate: 1000 });
    await tutor("Anita", { zone: "UTC", subjects: ["Maths"], rate: 1000 });
    const names = async () => (await searchTutors({ subject: "maths", viewerZone: "UTC", page: 0 })).tutors.map((card) => card.name);
    expect(await names()).toEqual(["Anita", "Maria"]);
    await prisma.user.update({ where: { id: maria.id }, data: { name: "Aaron" } });
    expect(await names()).toEqual(["Aaron", "Anita"]);
    // Whatever a writer sends, the copy is the user's name.
    await prisma.tutorProfile.update({ where: { userId: maria.id }, data: { displayName: "Zed" } });
    expect(await prisma.tutorProfile.findUnique({ where: { userId: maria.id }, select: { displayName: true } })).toEqual({ displayName: "Aaron" });
  });

  it("hides inactive tutors", async () => {
    const hidden = await tutor("Hidden", { zone: "UTC", subjects: ["Art"], rate: 1000 });
    await prisma.tutorProfile.update({ where: { userId: hidden.id }, data: { active: false } });
    const range = { from: testNow().toJSDate(), to: testNow().plus({ days: 7 }).toJSDate() };
    expect(await getTutorPage(hidden.id, range)).toBeNull();
    expect((await searchTutors({ viewerZone: "UTC", page: 0 })).tutors).toEqual([]);
  });
});
