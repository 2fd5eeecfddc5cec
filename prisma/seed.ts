import type { PrismaClient, Role } from "@prisma/client";
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
  for (const child of ["childOne", "childTwo"]) {
    await prisma.parentLink.upsert({
      where: { parentId_studentId: { parentId: ids.parent, studentId: ids[child] } },
      update: {},
      create: { parentId: ids.parent, studentId: ids[child] },
    });
  }
}
