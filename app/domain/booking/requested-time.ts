import type { DateTime } from "luxon";
import type { SchedulingPolicy } from "~/domain/policies/defaults";
import type { BookableTime } from "~/domain/scheduling/bookable-times";
import { DomainError } from "~/domain/shared/errors";
import { horizonEndMs } from "~/domain/scheduling/weeks";

/** What a booker asked for: a time from the tutor's weekly hours (start + length) or a dated slot. */
export type RequestedTime = { kind: "weekly"; startsAt: Date; durationMinutes: number } | { kind: "slot"; slotId: string };

export type BookingRefusal = "PAST" | "BEYOND_HORIZON" | "INSIDE_NOTICE" | "SESSION_FULL" | "NOT_FREE" | "DURATION_NOT_OFFERED";

/**
 * The bookable time that matches the request, or a DomainError saying exactly why not. `times` are the
 * tutor's bookable times around the request, generated with the same `now` and policy; `slotTimes`
 * are the dated slot's own start and end (known even when it is full or past), to name the reason.
 */
export function matchRequestedTime(input: {
  request: RequestedTime;
  times: BookableTime[];
  slot?: { startsAt: Date; endsAt: Date; capacity: number; seatsTaken: number } | null;
  offeredDurations: number[];
  policy: SchedulingPolicy;
  now: DateTime;
}): BookableTime {
  const { request, times, policy, now } = input;
  const startsAt = request.kind === "slot" ? input.slot?.startsAt : request.startsAt;
  if (!startsAt) throw refusal("NOT_FREE");
  const startMs = startsAt.getTime();
  if (startMs <= now.toMillis()) throw refusal("PAST");
  if (startMs >= horizonEndMs(now, policy)) throw refusal("BEYOND_HORIZON", policy);
  if (startMs < now.toMillis() + policy.minNoticeMinutes * 60_000) throw refusal("INSIDE_NOTICE", policy);

  if (request.kind === "slot") {
    if (input.slot && input.slot.seatsTaken >= input.slot.capacity) throw refusal("SESSION_FULL");
    const match = times.find((time) => time.slotId === request.slotId);
    if (!match || match.seatsLeft <= 0) throw refusal(input.slot && input.slot.capacity > 1 ? "SESSION_FULL" : "NOT_FREE");
    return match;
  }
  if (!input.offeredDurations.includes(request.durationMinutes)) throw refusal("DURATION_NOT_OFFERED");
  const match = times.find((time) => time.source === "weekly" && time.startsAt.getTime() === startMs && time.durationMinutes === request.durationMinutes);
  if (!match) throw refusal("NOT_FREE");
  return match;
}

export function refusal(code: BookingRefusal, policy?: SchedulingPolicy): DomainError<BookingRefusal> {
  const messages: Record<BookingRefusal, string> = {
    PAST: "That time has already passed. Pick another time.",
    BEYOND_HORIZON: `Sessions can be booked up to ${policy?.bookingHorizonDays ?? 28} days ahead. Pick an earlier time.`,
    INSIDE_NOTICE: `Sessions must be booked at least ${policy?.minNoticeMinutes ?? 60} minutes before they start. Pick a later time.`,
    SESSION_FULL: "Session full: every seat in this group has been taken. Pick another time.",
    NOT_FREE: "That time is no longer free: someone may have just booked it. Pick another time.",
    DURATION_NOT_OFFERED: "The tutor does not offer that length at this time. Pick one of the lengths listed.",
  };
  return new DomainError(code, messages[code]);
}
