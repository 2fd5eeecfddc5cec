import { z } from "zod";
import { parseInstant } from "~/domain/time/calendar-input";

export const MEETING_TYPES = [
  { value: "VIDEO", label: "Video call" },
  { value: "AUDIO", label: "Audio call" },
  { value: "CHAT", label: "Chat" },
  { value: "IN_PERSON", label: "In person" },
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number]["value"];

export function meetingTypeLabel(value: string, location?: string | null): string {
  const label = MEETING_TYPES.find((type) => type.value === value)?.label ?? value;
  return value === "IN_PERSON" && location ? `${label} at ${location}` : label;
}

const timeShape = {
  start: z
    .string()
    .refine((value) => parseInstant(value) !== null, "That time is not valid. Go back to the tutor's page and pick a time.")
    .optional(),
  slot: z.string().trim().max(40).optional(),
  duration: z.coerce
    .number({ error: "Choose how long the session lasts." })
    .int()
    .min(15)
    .max(24 * 60)
    .optional(),
  student: z.string({ error: "Choose who the session is for." }).trim().min(1, "Choose who the session is for.").max(40),
};

const sessionShape = {
  subject: z.string({ error: "Choose a subject." }).trim().min(1, "Choose a subject.").max(40),
  meetingType: z.enum(["VIDEO", "AUDIO", "CHAT", "IN_PERSON"], { error: "Choose how you will meet." }),
  location: z.string().trim().max(200, "Keep the location under 200 characters.").optional(),
  title: z.string().trim().max(100, "A title has at most 100 characters.").optional().default(""),
  description: z.string().trim().max(1000, "Keep the description under 1000 characters.").optional().default(""),
};

type Shaped = { slot?: string; start?: string; duration?: number; meetingType?: string; location?: string };

function checkTogether(value: Shaped, context: z.RefinementCtx) {
  if (!value.slot && !value.start) context.addIssue({ code: "custom", message: "Pick a time on the tutor's page first.", path: [] });
  if (!value.slot && value.start && !value.duration) context.addIssue({ code: "custom", message: "Choose how long the session lasts.", path: ["duration"] });
  if (value.meetingType === "IN_PERSON" && !value.location) {
    context.addIssue({ code: "custom", message: "Say where you will meet, for example the library's address.", path: ["location"] });
  }
}

// Also when another field is wrong, so every problem shows at once (the checks above only read plain fields).
const always = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

/**
 * The booking's details, carried from step to step in the URL (details → review) and posted whole from
 * the review page. `start` + `duration` pick a time from the weekly hours; `slot` picks a dated slot.
 * The first booker of a time names the session (subject, meeting, title, notes).
 */
export const BookingDetailsSchema = z.object({ ...timeShape, ...sessionShape }).superRefine(checkTogether, always);

/**
 * A seat in a group session that already exists (issue 13 B3): the session already has its subject,
 * meeting and title, so only the time and the learner are asked.
 */
export const SeatDetailsSchema = z.object(timeShape).superRefine(checkTogether, always);

/**
 * What the review step posts: the session's fields when this booker names the session, none when they
 * join an existing group. The booking service decides which applies, under its lock.
 */
const requestShape = { ...timeShape, ...sessionShape, subject: sessionShape.subject.optional(), meetingType: sessionShape.meetingType.optional() };
export const BookingRequestSchema = z.object(requestShape).superRefine(checkTogether, always);

/**
 * The review page's form: the request plus the credit the page showed as applied (decision 029), in
 * minor units. The booking refuses (409, with the page shown again) when its own computation differs.
 */
export const BookingReviewSchema = z
  .object({ ...requestShape, credit: z.coerce.number({ error: "Reload the page and review the booking again." }).int().min(0).max(100_000_000).optional() })
  .superRefine(checkTogether, always);

export type SeatDetails = z.output<typeof SeatDetailsSchema>;
/** What a booking asks for: a seat, with the session's fields when the booker names the session. */
export type BookingRequest = SeatDetails & { subject?: string; meetingType?: MeetingType; location?: string; title?: string; description?: string };
export const SEAT_DETAIL_FIELDS = ["start", "slot", "duration", "student"] as const;
export type BookingDetails = z.output<typeof BookingDetailsSchema>;

export const BOOKING_DETAIL_FIELDS = ["start", "slot", "duration", "student", "subject", "meetingType", "location", "title", "description"] as const;

/** The details as URL parameters (for the review page's address and the "change details" link). */
export function bookingDetailsToSearch(details: Partial<Record<(typeof BOOKING_DETAIL_FIELDS)[number], string | number | undefined>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of BOOKING_DETAIL_FIELDS) {
    const value = details[field];
    if (value !== undefined && value !== "") params.set(field, String(value));
  }
  return params;
}
