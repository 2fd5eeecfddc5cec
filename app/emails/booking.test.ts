import { describe, expect, it } from "vitest";
import {
  bookedForYouEmail,
  bookingConfirmedEmail,
  formatSessionTime,
  holdExpiredEmail,
  latePaymentRefundedEmail,
  newBookingForTutorEmail,
  type BookingEmailSession,
} from "./booking";

const session: BookingEmailSession = {
  tutorName: "Maria Lopez",
  studentName: "Sam Lee",
  bookerName: "Sam Lee",
  title: "Algebra",
  subject: "Maths",
  kind: "ONE_TO_ONE",
  meetingType: "VIDEO",
  location: null,
  startsAt: new Date("2026-12-01T14:00:00Z"),
  endsAt: new Date("2026-12-01T15:00:00Z"),
  price: "$45.00",
  sessionUrl: "https://tutordesk.example/sessions/s_1",
};
const forParent = { ...session, bookerName: "Ana Lee" };

describe("formatSessionTime", () => {
  it.each([
    ["America/New_York", "Tuesday 1 December 2026, 09:00–10:00 (America New York, UTC−5)"],
    ["Asia/Kathmandu", "Tuesday 1 December 2026, 19:45–20:45 (Asia Kathmandu, UTC+5:45)"],
    ["Europe/London", "Tuesday 1 December 2026, 14:00–15:00 (Europe London, UTC)"],
    ["UTC", "Tuesday 1 December 2026, 14:00–15:00 (UTC)"],
    ["Not/A_Zone", "Tuesday 1 December 2026, 14:00–15:00 (UTC)"],
  ])("in %s", (zone, expected) => {
    expect(formatSessionTime(session.startsAt, session.endsAt, zone)).toBe(expected);
  });

  it("shows both dates when the session crosses midnight in the recipient's zone", () => {
    const text = formatSessionTime(new Date("2026-12-01T18:00:00Z"), new Date("2026-12-01T19:00:00Z"), "Asia/Kathmandu");
    expect(text).toBe("Tuesday 1 December 2026, 23:45 – Wednesday 2 December 2026, 00:45 (Asia Kathmandu, UTC+5:45)");
  });

  it("gives each time its offset when the clocks change during the session", () => {
    const text = formatSessionTime(new Date("2026-10-25T00:30:00Z"), new Date("2026-10-25T01:30:00Z"), "Europe/London");
    expect(text).toBe("Sunday 25 October 2026, 01:30 UTC+1 – 01:30 UTC (Europe London)");
  });
});

describe("bookingConfirmedEmail", () => {
  it("shows the time in the recipient's zone in subject, text and HTML", () => {
    const ny = bookingConfirmedEmail({ recipientName: "Sam", recipientZone: "America/New_York", session, forSomeoneElse: false });
    expect(ny.subject).toBe("Booking confirmed: Algebra with Maria Lopez on Tue 1 Dec");
    expect(ny.text).toContain("When: Tuesday 1 December 2026, 09:00–10:00 (America New York, UTC−5)");
    expect(ny.html).toContain("Tuesday 1 December 2026, 09:00–10:00 (America New York, UTC−5)");

    const late = { ...session, startsAt: new Date("2026-12-01T19:00:00Z"), endsAt: new Date("2026-12-01T20:00:00Z") };
    const ktm = bookingConfirmedEmail({ recipientName: "Sam", recipientZone: "Asia/Kathmandu", session: late, forSomeoneElse: false });
    expect(ktm.subject).toBe("Booking confirmed: Algebra with Maria Lopez on Wed 2 Dec");
    expect(ktm.text).toContain("When: Wednesday 2 December 2026, 00:45–01:45 (Asia Kathmandu, UTC+5:45)");
    expect(ktm.html).toContain("Wednesday 2 December 2026, 00:45–01:45 (Asia Kathmandu, UTC+5:45)");
  });

  it("words it for the student booking for themselves", () => {
    const email = bookingConfirmedEmail({ recipientName: "Sam Lee", recipientZone: "UTC", session, forSomeoneElse: false });
    expect(email.text).toContain("Your session with Maria Lopez is booked.");
    expect(email.text).not.toContain("Student:");
  });

  it("words it for a parent booking for their child", () => {
    const email = bookingConfirmedEmail({ recipientName: "Ana Lee", recipientZone: "UTC", session: forParent, forSomeoneElse: true });
    expect(email.text).toContain("You booked Algebra with Maria Lopez for Sam Lee.");
    expect(email.text).toContain("Student: Sam Lee");
    expect(email.html).toContain("for Sam Lee.");
  });

  it("carries the same facts and link in text and HTML", () => {
    const email = bookingConfirmedEmail({ recipientName: "Sam", recipientZone: "UTC", session, forSomeoneElse: false });
    for (const fact of ["Algebra", "Maths", "One-to-one", "Maria Lopez", "Video call", "$45.00", session.sessionUrl]) {
      expect(email.text).toContain(fact);
      expect(email.html).toContain(fact);
    }
  });

  it("escapes user-supplied values in the HTML", () => {
    const hostile = {
      ...session,
      title: "<script>alert(1)</script>",
      tutorName: 'Maria "<b>" Lopez',
      sessionUrl: 'https://tutordesk.example/s?a=1&b="x"',
    };
    const email = bookingConfirmedEmail({ recipientName: "<img src=x>", recipientZone: "UTC", session: hostile, forSomeoneElse: false });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain('href="https://tutordesk.example/s?a=1&amp;b=&quot;x&quot;"');
    expect(email.text).toContain("<script>alert(1)</script>");
  });

  it("falls back to 'Tutoring session' without a title and keeps the subject header on one line", () => {
    const email = bookingConfirmedEmail({
      recipientName: "Sam",
      recipientZone: "UTC",
      session: { ...session, title: "", subject: "", tutorName: "Maria\r\nBcc: x@example.com" },
      forSomeoneElse: false,
    });
    expect(email.subject).toBe("Booking confirmed: Tutoring session with Maria Bcc: x@example.com on Tue 1 Dec");
    expect(email.text).toContain("Session: Tutoring session");
    expect(email.text).not.toContain("Subject:");
  });
});

describe("bookedForYouEmail", () => {
  it("tells the student who booked for them", () => {
    const email = bookedForYouEmail({ recipientName: "Sam Lee", recipientZone: "Europe/London", session: forParent });
    expect(email.subject).toBe("Ana Lee booked Algebra with Maria Lopez for you on Tue 1 Dec");
    expect(email.text).toContain("Ana Lee booked Algebra for you with Maria Lopez.");
    expect(email.text).toContain("When: Tuesday 1 December 2026, 14:00–15:00 (Europe London, UTC)");
    expect(email.html).toContain(session.sessionUrl);
  });
});

describe("newBookingForTutorEmail", () => {
  it("names the student, and the parent when a parent booked", () => {
    const self = newBookingForTutorEmail({ recipientName: "Maria", recipientZone: "UTC", session });
    expect(self.subject).toBe("New booking: Algebra with Sam Lee on Tue 1 Dec");
    expect(self.text).toContain("Sam Lee booked Algebra with you.");
    expect(self.text).not.toContain("Booked by");

    const parent = newBookingForTutorEmail({ recipientName: "Maria", recipientZone: "UTC", session: forParent });
    expect(parent.text).toContain("Ana Lee booked Algebra with you for Sam Lee.");
    expect(parent.text).toContain("Booked by: Ana Lee");
  });

  it("shows the in-person location and group seats", () => {
    const group = { ...session, kind: "GROUP" as const, meetingType: "IN_PERSON" as const, location: "12 High St & Co, Room 3" };
    const email = newBookingForTutorEmail({ recipientName: "Maria", recipientZone: "UTC", session: group, seatsTaken: 3, capacity: 6 });
    expect(email.text).toContain("Meeting: In person at 12 High St & Co, Room 3");
    expect(email.html).toContain("In person at 12 High St &amp; Co, Room 3");
    expect(email.text).toContain("Format: Group session");
    expect(email.text).toContain("Seats: 3 of 6 taken");
  });

  it.each([
    ["VIDEO", "Video call"],
    ["AUDIO", "Audio call"],
    ["CHAT", "Chat"],
    ["IN_PERSON", "In person"],
  ] as const)("labels %s as %s", (meetingType, label) => {
    const email = newBookingForTutorEmail({ recipientName: "Maria", recipientZone: "UTC", session: { ...session, meetingType } });
    expect(email.text).toContain(`Meeting: ${label}\n`);
  });
});

describe("latePaymentRefundedEmail", () => {
  it("names the amount refunded and the time in the payer's zone", () => {
    const email = latePaymentRefundedEmail({
      recipientName: "Ana",
      recipientZone: "Asia/Kathmandu",
      tutorName: "Maria Lopez",
      startsAt: session.startsAt,
      amount: "$45.00",
      browseUrl: "https://tutordesk.example/tutors",
    });
    expect(email.subject).toBe("Refunded $45.00: your time with Maria Lopez on Tue 1 Dec was taken");
    expect(email.text).toContain("We refunded the full $45.00");
    expect(email.text).toContain("Tuesday 1 December 2026, 19:45 (Asia Kathmandu, UTC+5:45)");
    expect(email.html).toContain("$45.00");
    expect(email.html).toContain('href="https://tutordesk.example/tutors"');
  });
});

describe("holdExpiredEmail", () => {
  it("says the time was released and links back to the tutor", () => {
    const email = holdExpiredEmail({
      recipientName: "Ana",
      recipientZone: "America/New_York",
      tutorName: "Maria Lopez",
      startsAt: session.startsAt,
      tutorUrl: "https://tutordesk.example/tutors/t_1",
    });
    expect(email.subject).toBe("Your hold on Maria Lopez's time on Tue 1 Dec has expired");
    expect(email.text).toContain("Tuesday 1 December 2026, 09:00 (America New York, UTC−5)");
    expect(email.text).toContain("released");
    expect(email.text).toContain("https://tutordesk.example/tutors/t_1");
    expect(email.html).toContain("Maria Lopez&#x27;s page");
  });
});
