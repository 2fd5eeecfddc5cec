import { describe, expect, it } from "vitest";
import { formatSessionTime } from "./format";
import { sessionReminderEmail, type SessionReminderInput } from "./session-reminder";

const EVIL = `<script>alert("x")</script> O'Brien & "Co"`;
const startsAt = new Date("2026-12-08T16:15:00Z");
const endsAt = new Date("2026-12-08T17:15:00Z");
const input: SessionReminderInput = {
  recipientName: `Parent ${EVIL}`,
  recipientZone: "Australia/Lord_Howe",
  role: "booker",
  studentNames: [`Child ${EVIL}`],
  session: {
    tutorName: `Tutor ${EVIL}`,
    title: `Title ${EVIL}`,
    subject: "Maths",
    kind: "ONE_TO_ONE",
    meetingType: "VIDEO",
    location: null,
    startsAt,
    endsAt,
    sessionUrl: `https://tutordesk.example/sessions/s1?a=1&b="x"`,
  },
  startsIn: "in 1 hour",
  meetingUrl: `https://meet.example.com/r?a=1&b="x"<y>`,
};

describe("sessionReminderEmail", () => {
  it("writes the time in the recipient's zone, with both links, and escapes every value in the HTML", () => {
    const email = sessionReminderEmail(input);
    expect(email.subject).toBe(`Reminder: Title ${EVIL} in 1 hour, Wed 9 Dec`);
    expect(email.text).toContain(`When: ${formatSessionTime(startsAt, endsAt, "Australia/Lord_Howe")}`);
    expect(email.text).toContain(`Title ${EVIL} with Tutor ${EVIL} for Child ${EVIL} starts in 1 hour.`);
    expect(email.text).toContain(`Join the meeting: ${input.meetingUrl}`);
    expect(email.text).toContain(`View session: ${input.session.sessionUrl}`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.html).toContain(`href="https://meet.example.com/r?a=1&amp;b=&quot;x&quot;&lt;y&gt;"`);
    expect(email.html).toContain(`href="https://tutordesk.example/sessions/s1?a=1&amp;b=&quot;x&quot;"`);
  });

  it("has no Join link in person or without a link", () => {
    for (const change of [{ meetingUrl: null }, { session: { ...input.session, meetingType: "IN_PERSON" as const, location: "Room 4" } }]) {
      const email = sessionReminderEmail({ ...input, ...change });
      expect(email.text).not.toContain("Join the meeting");
      expect(email.html).not.toContain("meet.example.com");
    }
  });

  it("speaks to the tutor about the learners", () => {
    const email = sessionReminderEmail({ ...input, role: "tutor", recipientName: "Tess", studentNames: ["Ann", "Ben"], startsIn: "in 24 hours" });
    expect(email.text).toContain(`You teach Title ${EVIL} (Ann, Ben) in 24 hours.`);
    expect(email.text).toContain("Students: Ann, Ben");
  });
});
