import { headline, meetingFacts, sessionFacts, sessionName, type BookingEmailSession } from "./booking-session";
import { formatSessionTime, shortDate } from "./format";
import { ButtonLink, EmailLayout, FactTable, factLines, Greeting, renderedEmail, type Fact, type RenderedEmail } from "./layout";

export type SessionReminderInput = {
  recipientName: string;
  recipientZone: string;
  /** What the recipient is to the session: its tutor, a learner in it, or the parent who booked a seat. */
  role: "tutor" | "student" | "booker";
  /** The learners this recipient is reminded about (the tutor: every seat; a parent: the seats they booked). */
  studentNames: string[];
  session: Omit<BookingEmailSession, "price" | "bookerName" | "studentName">;
  /** "in 24 hours", "in 1 hour", or how long is left when the reminder went out late. */
  startsIn: string;
  /** The link to join online (the session's own, or the tutor's default); null when there is none. */
  meetingUrl: string | null;
};

function parts(input: SessionReminderInput) {
  const { session, recipientZone: zone } = input;
  const full: BookingEmailSession = { ...session, price: "", bookerName: "", studentName: input.studentNames.join(", ") };
  const name = sessionName(full);
  const learners = input.studentNames.join(", ");
  const intro =
    input.role === "tutor"
      ? `You teach ${name}${learners ? ` (${learners})` : ""} ${input.startsIn}.`
      : input.role === "booker"
        ? `${name} with ${session.tutorName} for ${learners} starts ${input.startsIn}.`
        : `Your session ${name} with ${session.tutorName} starts ${input.startsIn}.`;
  const facts: Fact[] = [
    ...sessionFacts(full),
    input.role === "tutor" ? ["Students", learners || "None yet"] : ["Tutor", session.tutorName],
    ...(input.role === "booker" ? [["Student", learners] as Fact] : []),
    ["When", formatSessionTime(session.startsAt, session.endsAt, zone)],
    ...meetingFacts(full),
  ];
  const join = input.meetingUrl && session.meetingType !== "IN_PERSON" ? input.meetingUrl : null;
  const joinLine = join ? "The Join link opens the meeting; it also shows on the session page from 10 minutes before the start." : null;
  return {
    subject: `Reminder: ${headline(full)} ${input.startsIn}, ${shortDate(session.startsAt, zone)}`,
    title: `Your session starts ${input.startsIn}`,
    paragraphs: [intro, ...(joinLine ? [joinLine] : [])],
    facts,
    join,
  };
}

function SessionReminder({ input }: { input: SessionReminderInput }) {
  const p = parts(input);
  return (
    <EmailLayout title={p.title}>
      <Greeting name={input.recipientName} />
      {p.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <FactTable facts={p.facts} />
      {p.join ? <ButtonLink href={p.join}>Join the meeting</ButtonLink> : null}
      <ButtonLink href={input.session.sessionUrl}>View session</ButtonLink>
    </EmailLayout>
  );
}

/**
 * A reminder 24 hours or 1 hour before a session (issue 14), in the recipient's zone, with the Join
 * link when the session is online and has one. The service attaches the session's calendar file.
 */
export function sessionReminderEmail(input: SessionReminderInput): RenderedEmail {
  const p = parts(input);
  const text = [
    `Hello ${input.recipientName},`,
    "",
    ...p.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...factLines(p.facts),
    "",
    ...(p.join ? [`Join the meeting: ${p.join}`] : []),
    `View session: ${input.session.sessionUrl}`,
  ].join("\n");
  return renderedEmail({ subject: p.subject, text, html: <SessionReminder input={input} /> });
}
