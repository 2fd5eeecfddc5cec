/**
 * The booking messages, one module each; this index keeps the import path the services use.
 * `renderEmail` is the standard message shape (greeting, paragraphs, facts, one link).
 */
export { bookedForYouEmail } from "./booked-for-you";
export { bookingConfirmedEmail } from "./booking-confirmed";
export type { BookingEmailSession } from "./booking-session";
export { formatInstantLong, formatSessionTime, shortDate } from "./format";
export { holdExpiredEmail } from "./hold-expired";
export { latePaymentRefundedEmail } from "./late-payment-refunded";
export { newBookingForTutorEmail } from "./new-booking-for-tutor";
export { paymentFailedEmail } from "./payment-failed";
export { sessionCancelledEmail } from "./session-cancelled";
export { renderStandardEmail as renderEmail } from "./standard";
