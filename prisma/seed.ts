import type { PrismaClient, Role } from "@prisma/client";
import { DateTime } from "luxon";
import { hashPassword } from "../app/services/password.server";

export const DEMO_PASSWORD = "tutordesk-demo";

type DemoUser = { email: string; name: string; timezone: string; roles: Role[] };

export const DEMO_USERS = {
  admin: { email: "admin@tutordesk.test", name: "Alex Admin", timezone: "Europe/London", roles: ["ADMIN"] },
  coordinator: { email: "coordinator@tutordesk.test", name: "Casey Coordinator", timezone: "America/New_York", roles: ["COORDINATOR"] },
  tutorNewYork: { email: "maria.tutor@tutordesk.test", name: "Maria Gonzalez", timezone: "America/New_York", roles: ["TUTOR"] },
  tutorLondon: { email: "james.tutor@tutordesk.test", name: "James Whitfield", timezone: "Europe/London", roles: ["TUTOR"] },
  tutorKathmandu: { email: "anita.tutor@tutordesk.test", name: "Anita Shrestha", timezone: "Asia/Kathmandu", roles: ["TUTOR"] },
  student: { email: "sam.student@tutordesk.test", name: "Sam Carter", timezone: "Australia/Sydney", roles: ["STUDENT"] },
  studentChatham: { email: "riley.student@tutordesk.test", name: "Riley Tane", timezone: "Pacific/Chatham", roles: ["STUDENT"] },
  parent: { email: "pat.parent@tutordesk.test", name: "Pat Morgan", timezone: "America/Los_Angeles", roles: ["PARENT"] },
  childOne: { email: "emma.morgan@tutordesk.test", name: "Emma Morgan", timezone: "America/Los_Angeles", roles: ["STUDENT"] },
  childTwo: { email: "leo.morgan@tutordesk.test", name: "Leo Morgan", timezone: "America/Los_Angeles", roles: ["STUDENT"] },
} satisfies Record<string, DemoUser>;

/** Demo accounts (all with the password DEMO_PASSWORD). Safe to run twice: existing accounts are kept. */
export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: Record<string, string> = {};
  for (const [key, user] of Object.entries(DEMO_USERS)) {
    const row = await prisma.user.upsert({
      where: { email: user.email },
      update: {},
      create: { ...user, passwordHash },
      select: { id: true },
    });
    ids[key] = row.id;
  }
  await seedTutors(prisma, ids);
  for (const child of ["childOne", "childTwo"]) {
    await prisma.parentLink.upsert({
      where: { parentId_studentId: { parentId: ids.parent, studentId: ids[child] } },
      update: {},
      create: { parentId: ids.parent, studentId: ids[child] },
    });
  }
}

const TUTOR_PROFILES = {
  tutorNewYork: {
    headline: "Maths and physics, calm exam preparation",
    subjects: ["Maths", "Physics"],
    gradeLevels: ["MIDDLE", "HIGH"],
    hourlyRateMinor: 6000,
    currency: "USD",
    durations: [30, 60, 90],
    bufferMinutes: 10,
  },
  tutorLondon: {
    headline: "English literature and essay writing",
    subjects: ["English", "Essay writing"],
    gradeLevels: ["HIGH", "UNIVERSITY"],
    hourlyRateMinor: 4500,
    currency: "GBP",
    durations: [60],
    bufferMinutes: 15,
  },
  tutorKathmandu: {
    headline: "Computer science from first program to university",
    subjects: ["Computer science", "Maths"],
    gradeLevels: ["HIGH", "UNIVERSITY", "ADULT"],
    hourlyRateMinor: 3000,
    currency: "USD",
    durations: [45, 60, 90],
    bufferMinutes: 0,
  },
} as const;

/** Weekday mornings and late afternoons in each tutor's own zone, plus a group slot next week. */
async function seedTutors(prisma: PrismaClient, ids: Record<string, string>) {
  for (const [key, profile] of Object.entries(TUTOR_PROFILES)) {
    const tutorId = ids[key];
    const zone = DEMO_USERS[key as keyof typeof TUTOR_PROFILES].timezone;
    const existing = await prisma.tutorProfile.findUnique({ where: { userId: tutorId }, select: { userId: true } });
    if (existing) continue;
    await prisma.tutorProfile.create({
      data: {
        userId: tutorId,
        ...profile,
        gradeLevels: [...profile.gradeLevels],
        subjects: [...profile.subjects],
        durations: [...profile.durations],
        bio: `${DEMO_USERS[key as keyof typeof TUTOR_PROFILES].name} has tutored for over eight years.`,
      },
    });
    await prisma.weeklyAvailability.createMany({
      data: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { tutorId, weekday, startMinute: 9 * 60, endMinute: 12 * 60, timezone: zone },
        { tutorId, weekday, startMinute: 15 * 60, endMinute: 19 * 60, timezone: zone },
      ]),
    });
    const nextSaturday = DateTime.now().setZone(zone).plus({ weeks: 1 }).set({ weekday: 6, hour: 10, minute: 0, second: 0, millisecond: 0 });
    await prisma.slot.create({
      data: { tutorId, startsAt: nextSaturday.toJSDate(), endsAt: nextSaturday.plus({ hours: 1, minutes: 30 }).toJSDate(), timezone: zone, kind: "GROUP", capacity: 8 },
    });
  }
}
