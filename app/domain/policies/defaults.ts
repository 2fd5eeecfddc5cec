/**
 * The scheduling rules an admin can change (DESIGN §7). Services load the stored values and fall back
 * to these defaults; the domain only ever receives a complete policy.
 */
export type SchedulingPolicy = {
  /** How far ahead times can be booked, counted in whole 24-hour days from now. */
  bookingHorizonDays: number;
  /** A time must start at least this long after now to be bookable. */
  minNoticeMinutes: number;
  /** Distance between the possible start times inside an availability window. */
  slotGranularityMinutes: number;
  /** The largest group a dated group slot may hold. */
  maxGroupCapacity: number;
};

export const SCHEDULING_POLICY_DEFAULTS: SchedulingPolicy = {
  bookingHorizonDays: 28,
  minNoticeMinutes: 60,
  slotGranularityMinutes: 30,
  maxGroupCapacity: 20,
};

/** How long a seat is kept for someone paying (DESIGN §8). Stripe Checkout cannot expire sooner than 30 minutes. */
export type BookingPolicy = { holdMinutes: number };

export const BOOKING_POLICY_DEFAULTS: BookingPolicy = { holdMinutes: 30 };

/** The refund tiers a student or parent gets when they cancel (DESIGN §7). */
export type CancellationPolicy = {
  /** Cancelling at least this many hours before the start refunds everything. */
  fullRefundHours: number;
  /** Between lateRefundHours and fullRefundHours before the start, this percentage is refunded. */
  lateRefundPercent: number;
  /** Closer than this to the start, nothing is refunded. */
  lateRefundHours: number;
};

export const CANCELLATION_POLICY_DEFAULTS: CancellationPolicy = { fullRefundHours: 24, lateRefundPercent: 70, lateRefundHours: 2 };

/**
 * What a tutor is paid for a session they teach (DESIGN §7: "platform fee on tutor earnings: 0 %"):
 * the session's price less this fee. An admin setting (`platformFeePercent`, with the session policies);
 * each settled seat's earning records the fee it used (the earnings ledger, decision 028).
 */
export type TutorPayPolicy = {
  platformFeePercent: number;
  /**
   * What a tutor earns for a seat whose learner was a no-show, as a share of what the seat would have
   * paid them (its price less the fee); a tutor's own no-show earns nothing (decision 030).
   */
  studentNoShowTutorPayPercent: number;
};

export const TUTOR_PAY_POLICY_DEFAULTS: TutorPayPolicy = { platformFeePercent: 0, studentNoShowTutorPayPercent: 100 };
