import { formatSeatPrice } from "~/domain/booking/pricing";
import type { IcsAttachment } from "~/domain/email/ics";
import {
  bookedForYouEmail,
  bookingConfirmedEmail,
  holdExpiredEmail,
  latePaymentRefundedEmail,
  newBookingForTutorEmail,
  paymentFailedEmail,
  type BookingEmailSession,
} from "~/emails/booking";

import { clock } from "./clock.server";
import type { Tx } from "./db.server";
import { env } from "./env.server";
import { calendarRequest, currentCalendarVersion, nextCalendarVersion, type SessionEvent } from "./session-core/calendar.server";
import { enqueueEmail } from "./outbox.server";

type Person = { id: string; name: string; email: string; timezone: string };

async function loadSeat(tx: Tx, participantId: string) {
  const seat = await tx.participant.findUniqueOrThrow({
    where: { id: participantId },
    select: {
      id: true,
      priceMinor: true,
      currency: true,
      student: { select: { id: true, name: true, email: true, timezone: true } },
      bookedBy: { select: { id: true, name: true, email: true, timezone: true } },
      session: {
        select: {
          id: true,
          title: true,
          subject: true,
          kind: true,
          capacity: true,
          meetingType: true,
          location: true,
          startsAt: true,
          endsAt: true,
          tutor: { select: { user: { select: { id: true, name: true, email: true, timezone: true } } } },
          calendarSequence: true,
          _count: { select: { participants: { where: { status: { in: ["HELD", "CONFIRMED"] } } } } },
        },
      },
    },
  });
  return { ...seat, tutor: seat.session.tutor.user as Person, student: seat.student as Person, booker: seat.bookedBy as Person };
}

/**
 * The booking is confirmed: the booker, the student (when a parent booked) and the tutor each get the
 * details in their own zone, with a calendar file. Written in the transaction that confirmed it.
 */
export async function enqueueBookingConfirmedEmails(tx: Tx, participantId: string): Promise<void> {
  const seat = await loadSeat(tx, participantId);
  const { session } = seat;
  const details: BookingEmailSession = {
    tutorName: seat.tutor.name,
    studentName: seat.student.name,
    bookerName: seat.booker.name,
    title: session.title,
    subject: session.subject,
    kind: session.kind,
    meetingType: session.meetingType,
    location: session.location,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    price: formatSeatPrice(seat.priceMinor, seat.currency),
    sessionUrl: `${env.appUrl}/sessions/${session.id}`,
  };
  // A session nothing was sent about yet keeps version 0; after any change (a seat cancelled and now
  // rebooked, say) a booking takes the next version, so it replaces whatever that seat's calendar holds.
  const sequence = session.calendarSequence === 0 ? await currentCalendarVersion(tx, session.id) : await nextCalendarVersion(tx, session.id);
  const event: SessionEvent = {
    sessionId: session.id,
    title: session.title || session.subject || "Tutoring session",
    kind: session.kind,
    tutorName: seat.tutor.name,
    studentName: seat.student.name,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    location: session.location,
    stampedAt: clock.nowDate(),
  };
  const calendar = calendarRequest({ seatId: seat.id }, sequence, event);
  // The tutor has one event per session: the first confirmed seat sends it, later seats leave it as it is.
  const otherSeats = await tx.participant.count({ where: { sessionId: session.id, status: "CONFIRMED", id: { not: seat.id } } });
  const tutorCalendar = otherSeats === 0 ? calendarRequest({ tutorOf: session.id }, sequence, event) : null;
  const forSomeoneElse = seat.booker.id !== seat.student.id;
  const mail = (to: Person, rendered: { subject: string; text: string; html: string }, template: string, attachment: IcsAttachment | null = calendar) =>
    enqueueEmail(tx, { ...rendered, template, sessionId: session.id, to: { address: to.email, name: to.name }, attachments: attachment ? [attachment] : undefined });

  await mail(seat.booker, bookingConfirmedEmail({ recipientName: seat.booker.name, recipientZone: seat.booker.timezone, session: details, forSomeoneElse }), "booking-confirmed");
  if (forSomeoneElse) {
    await mail(seat.student, bookedForYouEmail({ recipientName: seat.student.name, recipientZone: seat.student.timezone, session: details }), "booking-for-you");
  }
  await mail(
    seat.tutor,
    newBookingForTutorEmail({
      recipientName: seat.tutor.name,
      recipientZone: seat.tutor.timezone,
      session: details,
      ...(session.kind === "GROUP" ? { seatsTaken: session._count.participants, capacity: session.capacity } : {}),
    }),
    "booking-new-for-tutor",
    tutorCalendar,
  );
}

/** The seat was released without payment (the hold ran out, or a delayed payment failed): the booker may book again. */
export async function enqueueSeatReleasedEmail(tx: Tx, participantId: string, cause: "HOLD_EXPIRED" | "PAYMENT_FAILED"): Promise<void> {
  const seat = await loadSeat(tx, participantId);
  const render = cause === "PAYMENT_FAILED" ? paymentFailedEmail : holdExpiredEmail;
  await enqueueEmail(tx, {
    sessionId: seat.session.id,
    ...render({
      recipientName: seat.booker.name,
      recipientZone: seat.booker.timezone,
      tutorName: seat.tutor.name,
      startsAt: seat.session.startsAt,
      tutorUrl: `${env.appUrl}/tutors/${seat.tutor.id}`,
    }),
    template: cause === "PAYMENT_FAILED" ? "booking-payment-failed" : "booking-hold-expired",
    to: { address: seat.booker.email, name: seat.booker.name },
  });
}

/** The payment came after the hold expired and the time was taken: refunded in full. */
export async function enqueueLatePaymentRefundedEmail(tx: Tx, participantId: string, payer: Person, amountMinor: number, currency: string): Promise<void> {
  const seat = await loadSeat(tx, participantId);
  await enqueueEmail(tx, {
    sessionId: seat.session.id,
    ...latePaymentRefundedEmail({
      recipientName: payer.name,
      recipientZone: payer.timezone,
      tutorName: seat.tutor.name,
      startsAt: seat.session.startsAt,
      amount: formatSeatPrice(amountMinor, currency),
      browseUrl: `${env.appUrl}/tutors/${seat.tutor.id}`,
    }),
    template: "booking-late-payment-refunded",
    to: { address: payer.email, name: payer.name },
  });
}
