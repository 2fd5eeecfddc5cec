import type { CancellationPolicy } from "~/domain/policies/defaults";
import { formatPrice } from "~/domain/tutors/profile";

/** One seat: hourly rate × minutes / 60, rounded to the nearest minor unit (a group seat costs the same). */
export function seatPriceMinor(hourlyRateMinor: number, durationMinutes: number): number {
  return Math.round((hourlyRateMinor * durationMinutes) / 60);
}

export function formatSeatPrice(minor: number, currency: string): string {
  return minor === 0 ? "Free" : formatPrice(minor, currency);
}

/** The cancellation terms in the words the review page and the emails use. */
export function describeCancellationPolicy(policy: CancellationPolicy): string[] {
  return [
    `Cancel ${policy.fullRefundHours} hours or more before the start: full refund.`,
    `Cancel between ${policy.lateRefundHours} and ${policy.fullRefundHours} hours before: ${policy.lateRefundPercent}% refund.`,
    `Cancel less than ${policy.lateRefundHours} hours before: no refund.`,
    "If the tutor cancels, you get a full refund or a replacement tutor.",
  ];
}
