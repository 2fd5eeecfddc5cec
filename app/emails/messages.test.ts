import { describe, expect, it } from "vitest";
import { bookedForYouEmail } from "./booked-for-you";
import { bookingConfirmedEmail } from "./booking-confirmed";
import type { BookingEmailSession } from "./booking-session";
import { childAccountEmail } from "./child-account";
import { formatInstantLong, formatSessionTime } from "./format";
import { holdExpiredEmail } from "./hold-expired";
import { latePaymentRefundedEmail } from "./late-payment-refunded";
import type { RenderedEmail } from "./layout";
import { newBookingForTutorEmail } from "./new-booking-for-tutor";
import { noAccountEmail } from "./no-account";
import { paymentFailedEmail } from "./payment-failed";
import { replacementConfirmedEmail } from "./replacement-confirmed";
import { rescheduleClosedEmail } from "./reschedule-closed";
import { rescheduleProposedEmail } from "./reschedule-proposed";
import { sessionAssignedEmail } from "./session-assigned";
import { sessionCancelledEmail } from "./session-cancelled";
import { sessionReleasedEmail } from "./session-released";
import { signInCodeEmail } from "./sign-in-code";
import { tutorCancelConfirmationEmail } from "./tutor-cancel-confirmation";
import { tutorCancelledEmail } from "./tutor-cancelled";
import { welcomeEmail } from "./welcome";

/** Every message gets the same hostile values: markup, quotes and ampersands in names, titles, reasons and links. */
const EVIL = `<script>alert("x")</script> O'Brien & "Co"`;
const url = (path: string) => `https://tutordesk.example/${path}?a=1&b="x"<y>`;
const zone = "America/New_York";
const startsAt = new Date("2026-12-08T16:15:00Z");
const endsAt = new Date("2026-12-08T17:15:00Z");
const when = formatSessionTime(startsAt, endsAt, zone); // Tuesday 8 December 2026, 11:15–12:15 (America New York, UTC−5)
const startText = formatInstantLong(startsAt, zone);
const replyBy = new Date("2026-12-08T14:15:00Z");
const replyByText = formatInstantLong(replyBy, zone); // 09:15, two hours before

const session: BookingEmailSession = {
  tutorName: `Tutor ${EVIL}`,
  studentName: `Student ${EVIL}`,
  bookerName: `Parent ${EVIL}`,
  title: `Title ${EVIL}`,
  subject: `Subject ${EVIL}`,
  kind: "GROUP",
  meetingType: "IN_PERSON",
  location: `Room ${EVIL}`,
  startsAt,
  endsAt,
  price: "$45.00",
  sessionUrl: url("sessions/s1"),
};
const replacementSession = { title: `Title ${EVIL}`, startsAt, endsAt, studentName: `Student ${EVIL}` };
const link = { href: url("a/token"), label: `Open ${EVIL}` };

type Case = { build: () => RenderedEmail; shows: string[]; links: string[] };

const cases: Record<string, Case> = {
  bookingConfirmed: {
    build: () => bookingConfirmedEmail({ recipientName: `Parent ${EVIL}`, recipientZone: zone, session, forSomeoneElse: true }),
    shows: [`Hello Parent ${EVIL},`, when, `Tutor ${EVIL}`, `Student ${EVIL}`, `In person at Room ${EVIL}`, "$45.00"],
    links: [session.sessionUrl],
  },
  bookedForYou: {
    build: () => bookedForYouEmail({ recipientName: `Student ${EVIL}`, recipientZone: zone, session }),
    shows: [when, `Booked by`, `Parent ${EVIL}`, `Title ${EVIL}`],
    links: [session.sessionUrl],
  },
  newBookingForTutor: {
    build: () => newBookingForTutorEmail({ recipientName: `Tutor ${EVIL}`, recipientZone: zone, session, seatsTaken: 2, capacity: 5 }),
    shows: [when, `Student ${EVIL}`, "2 of 5 taken", "$45.00"],
    links: [session.sessionUrl],
  },
  latePaymentRefunded: {
    build: () => latePaymentRefundedEmail({ recipientName: EVIL, recipientZone: zone, tutorName: `Tutor ${EVIL}`, startsAt, amount: "$45.00", browseUrl: url("tutors") }),
    shows: [startText, `We refunded the full $45.00`],
    links: [url("tutors")],
  },
  holdExpired: {
    build: () => holdExpiredEmail({ recipientName: EVIL, recipientZone: zone, tutorName: `Tutor ${EVIL}`, startsAt, tutorUrl: url("tutors/t1") }),
    shows: [startText, `Book with Tutor ${EVIL}`],
    links: [url("tutors/t1")],
  },
  paymentFailed: {
    build: () => paymentFailedEmail({ recipientName: EVIL, recipientZone: zone, tutorName: `Tutor ${EVIL}`, startsAt, tutorUrl: url("tutors/t1") }),
    shows: [startText, "Nothing was charged."],
    links: [url("tutors/t1")],
  },
  sessionCancelled: {
    build: () =>
      sessionCancelledEmail({
        recipientName: EVIL,
        recipientZone: zone,
        sessionTitle: `Title ${EVIL}`,
        tutorName: `Tutor ${EVIL}`,
        studentName: `Student ${EVIL}`,
        startsAt,
        endsAt,
        cancelledBy: `Parent ${EVIL}`,
        reason: `Reason ${EVIL}`,
        refund: "$45.00",
        link,
      }),
    shows: [when, startText, `Reason ${EVIL}`, `Parent ${EVIL}`, "$45.00 is being refunded"],
    links: [link.href],
  },
  tutorCancelled: {
    build: () =>
      tutorCancelledEmail({
        recipientName: EVIL,
        recipientZone: zone,
        session: replacementSession,
        cancelledTutorName: `Tutor ${EVIL}`,
        reason: `Reason ${EVIL}`,
        replacementName: `New ${EVIL}`,
        replyBy,
        link,
      }),
    shows: [when, `If we have not heard from you by ${replyByText}, the session is cancelled and refunded in full.`, `New ${EVIL}`, `Reason ${EVIL}`],
    links: [link.href],
  },
  tutorCancelledNobodyFree: {
    build: () =>
      tutorCancelledEmail({
        recipientName: EVIL,
        recipientZone: zone,
        session: replacementSession,
        cancelledTutorName: `Tutor ${EVIL}`,
        reason: `Reason ${EVIL}`,
        replacementName: null,
        replyBy,
        link,
      }),
    shows: [when, `by ${replyByText}`, "no other tutor of the subject is free"],
    links: [link.href],
  },
  sessionOffered: {
    build: () =>
      sessionAssignedEmail({
        recipientName: EVIL,
        recipientZone: zone,
        session: replacementSession,
        previousTutorName: `Tutor ${EVIL}`,
        confirmed: false,
        sessionUrl: url("sessions/s1"),
        pay: "$45.00",
        replyBy,
      }),
    shows: [when, "You will be paid $45.00 for teaching it.", `The student is confirming until ${replyByText}`, `Student ${EVIL}`],
    links: [url("sessions/s1")],
  },
  sessionAssigned: {
    build: () =>
      sessionAssignedEmail({
        recipientName: EVIL,
        recipientZone: zone,
        session: replacementSession,
        previousTutorName: `Tutor ${EVIL}`,
        confirmed: true,
        sessionUrl: url("sessions/s1"),
      }),
    shows: [when, `chose you for Title ${EVIL} after Tutor ${EVIL} cancelled`],
    links: [url("sessions/s1")],
  },
  sessionReleased: {
    build: () => sessionReleasedEmail({ recipientName: EVIL, recipientZone: zone, session: replacementSession, outcome: "UNANSWERED", link }),
    shows: [when, "cancelled and refunded in full"],
    links: [link.href],
  },
  tutorCancelConfirmation: {
    build: () => tutorCancelConfirmationEmail({ recipientName: EVIL, recipientZone: zone, session: replacementSession, replacementName: `New ${EVIL}`, link }),
    shows: [when, `New ${EVIL} has been offered`, "You will not be paid for this session."],
    links: [link.href],
  },
  replacementConfirmed: {
    build: () => replacementConfirmedEmail({ recipientName: EVIL, recipientZone: zone, session: replacementSession, tutorName: `New ${EVIL}`, sessionUrl: url("sessions/s1") }),
    shows: [when, `is now with New ${EVIL}`],
    links: [url("sessions/s1")],
  },
  rescheduleProposed: {
    build: () =>
      rescheduleProposedEmail({
        recipientName: EVIL,
        recipientZone: zone,
        proposerName: `Tutor ${EVIL}`,
        sessionTitle: `Title ${EVIL}`,
        currentStartsAt: startsAt,
        currentEndsAt: endsAt,
        proposedStartsAt: new Date("2026-12-09T16:15:00Z"),
        proposedEndsAt: new Date("2026-12-09T17:15:00Z"),
        reason: `Reason ${EVIL}`,
        answerBy: replyBy,
        counter: false,
        links: { accept: url("a/accept"), reject: url("a/reject"), counter: url("a/counter") },
      }),
    shows: [`Booked for: ${when}`, "Wednesday 9 December 2026, 11:15–12:15 (America New York, UTC−5)", `Reason: Reason ${EVIL}`, `Please answer by ${replyByText}.`],
    links: [url("a/accept"), url("a/reject"), url("a/counter")],
  },
  rescheduleClosed: {
    build: () =>
      rescheduleClosedEmail({
        recipientName: EVIL,
        recipientZone: zone,
        sessionTitle: `Title ${EVIL}`,
        outcome: "ACCEPTED",
        byName: `Student ${EVIL}`,
        startsAt,
        endsAt,
        sessionUrl: url("sessions/s1"),
      }),
    shows: [`Student ${EVIL} accepted the new time. The session is now on ${when}.`],
    links: [url("sessions/s1")],
  },
  signInCode: {
    build: () => signInCodeEmail({ code: "482913", magicLink: url("login/magic"), validMinutes: 10 }),
    shows: ["482913", "10 minutes and only once"],
    links: [url("login/magic")],
  },
  noAccount: {
    build: () => noAccountEmail({ appUrl: `https://tutordesk.example/x?a="1"&b=<2>` }),
    shows: ["but it has no account"],
    links: [`https://tutordesk.example/x?a="1"&b=<2>/signup`],
  },
  welcome: {
    build: () => welcomeEmail({ name: EVIL, appUrl: url("app"), zone: "Asia/Kathmandu" }),
    shows: [`Hello ${EVIL},`, "Asia/Kathmandu"],
    links: [`${url("app")}/login`],
  },
  childAccount: {
    build: () => childAccountEmail({ studentName: `Student ${EVIL}`, parentName: `Parent ${EVIL}`, appUrl: url("app") }),
    shows: [`Hello Student ${EVIL},`, `Parent ${EVIL} created a Tutordesk account for you`],
    links: [`${url("app")}/login/code`],
  },
};

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** What a reader sees of the HTML: the text between tags, decoded, one space per tag boundary. */
function visibleText(html: string): string {
  return squash(decodeEntities(html.replace(/<[^>]*>/g, " ")));
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => decodeEntities(match[1]));
}

/** Text and HTML lay a fact out differently ("When: x" against two table cells): compare words, not punctuation around them. */
function squash(value: string): string {
  return value.replace(/[:\s]+/g, " ").trim();
}

describe.each(Object.entries(cases))("%s", (_name, { build, shows, links }) => {
  const email = build();

  it("escapes hostile input: no markup from a name, title, reason or link reaches the HTML", () => {
    expect(email.html).not.toMatch(/<script|<y>|<2>/);
    expect(email.html).not.toMatch(/"x"|O'Brien|& "Co"/);
    if (JSON.stringify(shows).includes("<script>")) expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Brien &amp; &quot;Co&quot;");
  });

  it("is framed by the shared layout exactly once", () => {
    expect(email.html.startsWith("<!doctype html><html")).toBe(true);
    expect(email.html.match(/<html/g)).toHaveLength(1);
    expect(email.html.match(/<h1/g)).toHaveLength(1);
    expect(email.html.match(/You received this email because of activity on your Tutordesk account\./g)).toHaveLength(1);
  });

  it("shows the same facts and times in the text part and the HTML", () => {
    for (const shown of shows) {
      expect(email.text).toContain(shown);
      expect(visibleText(email.html)).toContain(squash(shown));
    }
  });

  it("carries every link in both parts, the HTML's as escaped attributes", () => {
    for (const href of links) {
      expect(email.text).toContain(href);
      expect(hrefs(email.html)).toContain(href);
    }
    const textLinks = email.text.match(/https?:\/\/\S+/g) ?? [];
    expect(new Set(hrefs(email.html))).toEqual(new Set(textLinks.map((found) => found.replace(/\.$/, ""))));
  });

  it("keeps the subject on one line", () => {
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.length).toBeGreaterThan(0);
  });
});

describe("replacement emails (B10)", () => {
  it("give the reply deadline, two hours before the start, never the start itself", () => {
    const email = tutorCancelledEmail({
      recipientName: "Sam",
      recipientZone: zone,
      session: replacementSession,
      cancelledTutorName: "Ana",
      reason: "Ill",
      replacementName: "Bea",
      replyBy,
      link,
    });
    expect(replyByText).toBe("Tuesday 8 December 2026, 09:15 (America New York, UTC−5)");
    expect(email.text).toContain(`Answer by: ${replyByText}`);
    expect(email.text).not.toContain(`by ${startText}`);
    expect(visibleText(email.html)).not.toContain(squash(`by ${startText}`));
  });

  it("tell the tutor offered the session what taking it over pays, and until when the student decides", () => {
    const email = sessionAssignedEmail({
      recipientName: "Bea",
      recipientZone: zone,
      session: replacementSession,
      previousTutorName: "Ana",
      confirmed: false,
      sessionUrl: url("s"),
      pay: "£40.00",
      replyBy,
    });
    expect(email.text).toContain("Your pay: £40.00");
    expect(email.text).toContain(`Student answers by: ${replyByText}`);
    expect(visibleText(email.html)).toContain("Your pay £40.00");
  });
});
