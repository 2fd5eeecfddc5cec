/**
 * One calendar builder (session-core/calendar.server.ts): every .ics about a session carries its UID
 * and a SEQUENCE that only grows, so calendars apply each update, a cancel after a replacement included.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createBooking, type Booker } from "../../app/services/booking.server";
import { cancelSession } from "../../app/services/cancellations.server";
import { prisma } from "../../app/services/db.server";
import { outboxSettled } from "../../app/services/outbox.server";
import { answerReplacement } from "../../app/services/replacements.server";
import { createUser, noMeta } from "../factories";

async function tutor(name: string) {
  const user = await createUser({ roles: ["TUTOR"], timezone: "UTC", name });
  await prisma.tutorProfile.create({
    data: { userId: user.id, subjects: ["Maths"], gradeLevels: ["HIGH"], hourlyRateMinor: 4000, currency: "GBP", durations: [60], paymentsEnabled: false },
  });
  await prisma.weeklyAvailability.createMany({ data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ tutorId: user.id, weekday, startMinute: 0, endMinute: 1440, timezone: "UTC" })) });
  return user;
}

/** The SEQUENCE of the .ics attached to the emails of `template` sent to `address`. */
async function sequencesOf(template: string, address: string): Promise<number[]> {
  const emails = await prisma.emailMessage.findMany({ where: { template, toAddress: address }, orderBy: { createdAt: "asc" }, select: { attachments: true } });
  return emails.flatMap((email) =>
    ((email.attachments ?? []) as { contentBase64: string }[]).map((attachment) => Number(/SEQUENCE:(\d+)/.exec(Buffer.from(attachment.contentBase64, "base64").toString())![1])),
  );
}

describe("calendar updates", () => {
  it("a cancel after a replacement carries a higher SEQUENCE than every earlier .ics of the booking", async () => {
    const ana = await tutor("Ana");
    await tutor("Ben");
    const sam: Booker = await createUser({ roles: ["STUDENT"], name: "Sam", timezone: "UTC" });
    const startsAt = DateTime.utc().plus({ days: 3 }).startOf("day").set({ hour: 10 }).toJSDate();
    const booked = await createBooking(
      sam,
      ana.id,
      { start: startsAt.toISOString(), duration: 60, student: sam.id, subject: "Maths", meetingType: "VIDEO", title: "", description: "" },
      noMeta,
    );
    await cancelSession(ana, booked.sessionId, { category: "TUTOR_UNAVAILABLE", reason: "I am ill and cannot teach that day." }, noMeta);
    await answerReplacement(sam, booked.sessionId, { answer: "accept" }, noMeta);
    await cancelSession(sam, booked.sessionId, { category: "SCHEDULE_CONFLICT", reason: "Something came up at school that day." }, noMeta);
    const booking = await sequencesOf("booking-confirmed", sam.email);
    const replaced = await sequencesOf("replacement-confirmed", sam.email);
    const cancelled = await sequencesOf("session-cancelled", sam.email);
    expect(booking).toEqual([0]);
    expect(replaced).toEqual([1]);
    expect(cancelled).toEqual([2]);
    // The counter on the session only grows, whoever writes it.
    await expect(prisma.tutoringSession.update({ where: { id: booked.sessionId }, data: { calendarSequence: 1 } })).rejects.toThrow(/cannot go down/);
    await outboxSettled();
  });
});
