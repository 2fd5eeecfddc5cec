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
