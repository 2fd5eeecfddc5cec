import { DateTime } from "luxon";
import { isValidTimeZone, offsetLabel } from "~/domain/time/zones";
import { buttonHtml, emailLayout, escapeHtml, type RenderedEmail } from "./layout";

export type BookingEmailSession = {
  tutorName: string;
  studentName: string;
  bookerName: string;
  /** May be "": the emails then say "Tutoring session". */
  title: string;
  /** Teaching subject, may be "". */
  subject: string;
  kind: "ONE_TO_ONE" | "GROUP";
  meetingType: "VIDEO" | "AUDIO" | "CHAT" | "IN_PERSON";
  /** Only for IN_PERSON. */
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  /** Already formatted, e.g. "$45.00" or "Free". */
  price: string;
  /** Absolute link to the session page. */
  sessionUrl: string;
};

type Fact = [label: string, value: string];

/** To the person who booked (a student booking for themselves, or a parent). */
export function bookingConfirmedEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: BookingEmailSession;
  forSomeoneElse: boolean;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const intro = input.forSomeoneElse
    ? `You booked ${sessionName(session)} with ${session.tutorName} for ${session.studentName}.`
    : `Your session with ${session.tutorName} is booked.`;
  const facts: Fact[] = [
    ...sessionFacts(session),
    ["Tutor", session.tutorName],
    ...(input.forSomeoneElse ? [["Student", session.studentName] as Fact] : []),
    ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
    ...meetingFacts(session),
    ["Price", session.price],
  ];
  return renderEmail({
    subject: `Booking confirmed: ${headline(session)} with ${session.tutorName} on ${shortDate(session.startsAt, zone)}`,
    title: "Booking confirmed",
    recipientName: input.recipientName,
    paragraphs: [intro],
    facts,
    link: { href: session.sessionUrl, label: "View session" },
  });
}

/** To the student when a parent booked for them. */
export function bookedForYouEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: BookingEmailSession;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  const facts: Fact[] = [
    ...sessionFacts(session),
    ["Tutor", session.tutorName],
    ["Booked by", session.bookerName],
    ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
    ...meetingFacts(session),
  ];
  return renderEmail({
    subject: `${session.bookerName} booked ${headline(session)} with ${session.tutorName} for you on ${shortDate(session.startsAt, zone)}`,
    title: "A session was booked for you",
    recipientName: input.recipientName,
    paragraphs: [`${session.bookerName} booked ${sessionName(session)} for you with ${session.tutorName}.`],
    facts,
    link: { href: session.sessionUrl, label: "View session" },
  });
}

/** To the tutor. */
export function newBookingForTutorEmail(input: {
  recipientName: string;
  recipientZone: string;
  session: BookingEmailSession;
  seatsTaken?: number;
  capacity?: number;
}): RenderedEmail {
  const { session, recipientZone: zone } = input;
  // A parent booking for their child; a student booking for themselves has the same name on both.
  const byParent = session.bookerName !== session.studentName;
  const intro = byParent
    ? `${session.bookerName} booked ${sessionName(session)} with you for ${session.studentName}.`
    : `${session.studentName} booked ${sessionName(session)} with you.`;
  const seats =
    session.kind === "GROUP" && input.seatsTaken !== undefined && input.capacity !== undefined
      ? [["Seats", `${input.seatsTaken} of ${input.capacity} taken`] as Fact]
      : [];
  const facts: Fact[] = [
    ...sessionFacts(session),
    ["Student", session.studentName],
    ...(byParent ? [["Booked by", session.bookerName] as Fact] : []),
    ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
    ...meetingFacts(session),
    ...seats,
    ["Price", session.price],
  ];
  return renderEmail({
    subject: `New booking: ${headline(session)} with ${session.studentName} on ${shortDate(session.startsAt, zone)}`,
    title: "New booking",
    recipientName: input.recipientName,
    paragraphs: [intro],
    facts,
    link: { href: session.sessionUrl, label: "View session" },
  });
}

/** To the payer when a payment arrived after their hold expired and the time was taken: refunded in full. */
export function latePaymentRefundedEmail(input: {
  recipientName: string;
  recipientZone: string;
  tutorName: string;
  startsAt: Date;
  amount: string;
  browseUrl: string;
}): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderEmail({
    subject: `Refunded ${input.amount}: your time with ${input.tutorName} on ${shortDate(input.startsAt, input.recipientZone)} was taken`,
    title: "Your payment was refunded",
    recipientName: input.recipientName,
    paragraphs: [
      `Your payment of ${input.amount} for ${when} with ${input.tutorName} arrived after your hold on that time had expired, and someone else booked it in the meantime.`,
      `We refunded the full ${input.amount} to the card or account you paid with. Most banks show a refund within 5–10 business days.`,
      "Sorry about that. You can pick another time below.",
    ],
    facts: [],
    link: { href: input.browseUrl, label: "Find another time" },
  });
}

/** To the payer when the hold expired without payment. */
export function holdExpiredEmail(input: {
  recipientName: string;
  recipientZone: string;
  tutorName: string;
  startsAt: Date;
  tutorUrl: string;
}): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderEmail({
    subject: `Your hold on ${input.tutorName}'s time on ${shortDate(input.startsAt, input.recipientZone)} has expired`,
    title: "Your hold has expired",
    recipientName: input.recipientName,
    paragraphs: [
      `We held ${when} with ${input.tutorName} for you, but the payment was not completed in time, so the time has been released and is not booked.`,
      `If it is still free, you can book it again from ${input.tutorName}'s page.`,
    ],
    facts: [],
    link: { href: input.tutorUrl, label: `Book with ${input.tutorName}` },
  });
}

/** To everyone a cancellation concerns: the booker, the student, the tutor. `refund` is for the payer only. */
export function sessionCancelledEmail(input: {
  recipientName: string;
  recipientZone: string;
  sessionTitle: string;
  tutorName: string;
  studentName: string;
  startsAt: Date;
  endsAt: Date;
  cancelledBy: string;
  reason: string;
  refund: string | null;
  link: { href: string; label: string };
}): RenderedEmail {
  const facts: Fact[] = [
    ["When", formatSessionTime(input.startsAt, input.endsAt, input.recipientZone)],
    ["Tutor", input.tutorName],
    ["Student", input.studentName],
    ["Cancelled by", input.cancelledBy],
    ["Reason", input.reason],
    ...(input.refund ? ([["Refund", input.refund]] as Fact[]) : []),
  ];
  return renderEmail({
    subject: `Cancelled: ${input.sessionTitle} on ${shortDate(input.startsAt, input.recipientZone)}`,
    title: "Session cancelled",
    recipientName: input.recipientName,
    paragraphs: [
      `${input.sessionTitle} with ${input.tutorName} on ${formatInstantLong(input.startsAt, input.recipientZone)} has been cancelled.`,
      ...(input.refund ? [`${input.refund} is being refunded to the card you paid with. Most banks show a refund within 5–10 business days.`] : []),
    ],
    facts,
    link: input.link,
  });
}

/** To the payer when a delayed payment (a bank debit) failed: the seat is released. */
export function paymentFailedEmail(input: { recipientName: string; recipientZone: string; tutorName: string; startsAt: Date; tutorUrl: string }): RenderedEmail {
  const when = formatInstantLong(input.startsAt, input.recipientZone);
  return renderEmail({
    subject: `Your payment for ${input.tutorName}'s session on ${shortDate(input.startsAt, input.recipientZone)} did not go through`,
    title: "Your payment did not go through",
    recipientName: input.recipientName,
    paragraphs: [
      `Your bank did not complete the payment for ${when} with ${input.tutorName}, so the time has been released and is not booked. Nothing was charged.`,
      `If it is still free, you can book it again from ${input.tutorName}'s page.`,
    ],
    facts: [],
    link: { href: input.tutorUrl, label: `Book with ${input.tutorName}` },
  });
}

/**
 * "Tuesday 1 December 2026, 09:00–10:00 (America New York, UTC−5)": the date once when the session
 * stays on one day; each time gets its own offset when a clock change falls inside the session.
 */
export function formatSessionTime(startsAt: Date, endsAt: Date, zone: string): string {
  const start = inZone(startsAt, zone);
  const end = inZone(endsAt, zone);
  const sameDay = start.hasSame(end, "day");
  const endText = end.toFormat(sameDay ? "HH:mm" : "cccc d LLLL yyyy, HH:mm");
  const startText = start.toFormat("cccc d LLLL yyyy, HH:mm");
  if (start.offset !== end.offset) {
    return `${startText} ${utcOffset(start)} – ${endText} ${utcOffset(end)} (${zoneName(start)})`;
  }
  return `${startText}${sameDay ? "–" : " – "}${endText} (${zoneLabel(start)})`;
}

/** "Tuesday 1 December 2026, 09:00 (America New York, UTC−5)" */
export function formatInstantLong(instant: Date, zone: string): string {
  const dt = inZone(instant, zone);
  return `${dt.toFormat("cccc d LLLL yyyy, HH:mm")} (${zoneLabel(dt)})`;
}

/** An unknown zone must not stop a booking email going out: fall back to UTC, which names itself. */
function inZone(instant: Date, zone: string): DateTime {
  return DateTime.fromJSDate(instant)
    .setZone(isValidTimeZone(zone) ? zone : "UTC")
    .setLocale("en-GB");
}

function zoneName(dt: DateTime): string {
  return (dt.zoneName ?? "UTC").replace(/[/_]/g, " ");
}

/** offsetLabel's "GMT-5" read as "UTC−5", with a real minus sign. */
function utcOffset(dt: DateTime): string {
  return offsetLabel(dt).replace(/^GMT/, "UTC").replace("-", "−");
}

function zoneLabel(dt: DateTime): string {
  const name = zoneName(dt);
  const offset = utcOffset(dt);
  return name === offset ? name : `${name}, ${offset}`;
}

export function shortDate(instant: Date, zone: string): string {
  return inZone(instant, zone).toFormat("ccc d LLL");
}

function sessionName(session: BookingEmailSession): string {
  return session.title.trim() || "Tutoring session";
}

/** The subject line names what is being taught when there is no title. */
function headline(session: BookingEmailSession): string {
  return session.title.trim() || session.subject.trim() || "Tutoring session";
}

function sessionFacts(session: BookingEmailSession): Fact[] {
  const facts: Fact[] = [["Session", sessionName(session)]];
  if (session.subject.trim()) facts.push(["Subject", session.subject.trim()]);
  facts.push(["Format", session.kind === "GROUP" ? "Group session" : "One-to-one"]);
  return facts;
}

function meetingFacts(session: BookingEmailSession): Fact[] {
  const labels = { VIDEO: "Video call", AUDIO: "Audio call", CHAT: "Chat", IN_PERSON: "In person" } as const;
  const label = labels[session.meetingType];
  const location = session.meetingType === "IN_PERSON" ? session.location?.trim() : "";
  return [["Meeting", location ? `${label} at ${location}` : label]];
}

/** Subjects are a header: names typed with line breaks or tabs must not reach it. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/ {2,}/g, " ").trim();
}

export function renderEmail(parts: {
  subject: string;
  title: string;
  recipientName: string;
  paragraphs: string[];
  facts: Fact[];
  link: { href: string; label: string };
}): RenderedEmail {
  const text = [
    `Hello ${parts.recipientName},`,
    "",
    ...parts.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(parts.facts.length ? [...parts.facts.map(([label, value]) => `${label}: ${value}`), ""] : []),
    `${parts.link.label}: ${parts.link.href}`,
  ].join("\n");
  const factsHtml = parts.facts.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
${parts.facts
  .map(
    ([label, value]) =>
      `<tr><td style="padding:4px 16px 4px 0;color:#6b7280;vertical-align:top">${escapeHtml(label)}</td><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
  )
  .join("\n")}
</table>`
    : "";
  const html = emailLayout(
    parts.title,
    `<p>Hello ${escapeHtml(parts.recipientName)},</p>
${parts.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n")}
${factsHtml}
${buttonHtml(parts.link.href, parts.link.label)}`,
  );
  return { subject: oneLine(parts.subject), text, html };
}
