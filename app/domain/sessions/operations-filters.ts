import { DateTime } from "luxon";
import { z } from "zod";
import { CANCEL_SIDES, type CancelSide } from "~/domain/analytics/definitions";
import { readLocalDate } from "~/domain/time/calendar-input";
import type { SessionStatus } from "./status";

/**
 * The coordinators' operations list (/coordinator/sessions, issue 16): which filters it takes from
 * its URL, what each accepts, and what they mean as instants. Everything here is the GET form's
 * contract, so a bookmarked or shared view reads the same tomorrow; the SQL is in
 * app/services/operations-list.server.ts.
 */

export const SESSION_STATUSES = [
  "PENDING_PAYMENT",
  "SCHEDULED",
  "IN_PROGRESS",
  "AWAITING_CONFIRMATION",
  "COMPLETED",
  "DISPUTED",
  "CANCELLED",
  "NO_SHOW",
] as const satisfies readonly SessionStatus[];

export const MEETING_KINDS = ["ONE_TO_ONE", "GROUP"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** A session's refunds: none at all, or at least one in that state. */
export const REFUND_FILTERS = ["none", "pending", "processed", "failed"] as const;
export type RefundFilter = (typeof REFUND_FILTERS)[number];

/**
 * The "attention needed" choices. Each name has exactly one SQL condition in the service
 * (ATTENTION_CONDITIONS); adding one (an open dispute, a mismatch flag) is one entry here, its label,
 * and one condition there. Ticking several lists the sessions needing any of them.
 */
export const ATTENTION_FLAGS = ["check-out-missing", "confirmation-overdue", "open-dispute", "mismatch-flagged", "failed-refund"] as const;
export type AttentionFlag = (typeof ATTENTION_FLAGS)[number];

export const ATTENTION_LABELS: Record<AttentionFlag, string> = {
  "check-out-missing": "Check-out missing",
  "confirmation-overdue": "Confirmation overdue",
  "open-dispute": "Problem reported",
  "mismatch-flagged": "Mismatch flagged",
  "failed-refund": "Refund failed",
};

export const SORT_KEYS = ["start", "created", "status"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Pages beyond this are refused as input: deep pages are what the CSV export is for. */
export const MAX_PAGE = 500;
/** Names are at most this long in a filter; anything longer is a paste, not a name. */
export const MAX_NAME_LENGTH = 100;

const name = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX_NAME_LENGTH, { error: `Type at most ${MAX_NAME_LENGTH} characters of the ${what}'s name.` })
    .optional();

const localDate = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const reading = readLocalDate(value);
    if (!reading.ok) context.addIssue({ code: "custom", message: reading.message });
  })
  .optional();

const whole = (min: number, max: number, message: string) =>
  z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }).optional();

/**
 * The filters as the GET form sends them (parsed the conform way: empty fields are absent, repeated
 * checkboxes an array). Unknown values get a message beside their field; nothing here can fail later
 * in a query.
 */
export const OperationsFilterSchema = z
  .object({
    status: z.array(z.enum(SESSION_STATUSES, { error: "Tick statuses from the list." })).optional(),
    tutor: name("tutor"),
    student: name("learner"),
    q: name("tutor or learner"),
    from: localDate,
    to: localDate,
    kind: z.enum(MEETING_KINDS, { error: "Choose 1:1 or group." }).optional(),
    refund: z.enum(REFUND_FILTERS, { error: "Choose a refund status from the list." }).optional(),
    reassigned: z.literal("yes", { error: "Tick the box or leave it empty." }).optional(),
    cancelled: z.enum(CANCEL_SIDES.map((side) => side.value) as [CancelSide, ...CancelSide[]], { error: "Choose who cancelled from the list." }).optional(),
    rated: z.literal("yes", { error: "Tick the box or leave it empty." }).optional(),
    reschedule: z.literal("pending", { error: "Tick the box or leave it empty." }).optional(),
    attention: z.array(z.enum(ATTENTION_FLAGS, { error: "Tick reasons from the list." })).optional(),
    sort: z.enum(SORT_KEYS, { error: "Sort by start, created or status." }).optional(),
    dir: z.enum(["asc", "desc"], { error: "Choose ascending or descending." }).optional(),
    page: whole(1, MAX_PAGE, `Pages go from 1 to ${MAX_PAGE}; export the CSV for everything.`),
    size: whole(1, MAX_PAGE_SIZE, `Show between 1 and ${MAX_PAGE_SIZE} sessions a page.`),
  })
  .superRefine((filters, context) => {
    if (filters.from && filters.to && filters.to < filters.from) {
      context.addIssue({ code: "custom", path: ["to"], message: "The last day comes before the first: swap them." });
    }
  });

export type OperationsFilters = z.output<typeof OperationsFilterSchema>;
export const OPERATIONS_FILTER_FIELDS = Object.keys(OperationsFilterSchema.shape) as (keyof OperationsFilters)[];

/** The filters ready for the query: instants instead of days, defaults filled in. */
export type OperationsQuery = {
  statuses: SessionStatus[];
  tutor: string | null;
  student: string | null;
  text: string | null;
  /** The first instant of the first day, in the viewer's zone. */
  startsFrom: Date | null;
  /** The first instant after the last day (exclusive), in the viewer's zone. */
  startsBefore: Date | null;
  kind: MeetingKind | null;
  refund: RefundFilter | null;
  reassigned: boolean;
  /** Cancelled sessions ended by this side (app/domain/analytics/definitions.ts). */
  cancelledBy: CancelSide | null;
  /** Sessions with at least one rating. */
  rated: boolean;
  pendingReschedule: boolean;
  attention: AttentionFlag[];
  sort: SortKey;
  direction: SortDirection;
  /** 1-based. */
  page: number;
  size: number;
};

/**
 * The days `from` to `to` (both included, either open) as instants in `zone`: from the start of the
 * first day to the start of the day after the last, so a day is 23 or 25 hours long across a
 * daylight-saving change, and a day whose midnight the clocks skip starts at its first real instant.
 */
export function localDayRange(from: string | null | undefined, to: string | null | undefined, zone: string): { startsFrom: Date | null; startsBefore: Date | null } {
  const startOf = (day: string) => DateTime.fromISO(day, { zone }).startOf("day");
  return {
    startsFrom: from ? startOf(from).toJSDate() : null,
    startsBefore: to ? startOf(to).plus({ days: 1 }).startOf("day").toJSDate() : null,
  };
}

/** The parsed filters as the service reads them. The default is every session, the latest start first. */
export function operationsQuery(filters: OperationsFilters, zone: string): OperationsQuery {
  const sort = filters.sort ?? "start";
  return {
    statuses: [...new Set(filters.status ?? [])],
    tutor: filters.tutor || null,
    student: filters.student || null,
    text: filters.q || null,
    ...localDayRange(filters.from, filters.to, zone),
    kind: filters.kind ?? null,
    refund: filters.refund ?? null,
    reassigned: filters.reassigned === "yes",
    cancelledBy: filters.cancelled ?? null,
    rated: filters.rated === "yes",
    pendingReschedule: filters.reschedule === "pending",
    attention: [...new Set(filters.attention ?? [])],
    sort,
    direction: filters.dir ?? "desc",
    page: filters.page ?? 1,
    size: filters.size ?? DEFAULT_PAGE_SIZE,
  };
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally (PostgreSQL's default escape is the backslash). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Where the old staff list's `?flag=` goes on the operations list (the coordinator's home linked to
 * it, and bookmarks may still): the matching attention filter, or the no-show status.
 */
export function operationsSearchForFlag(flag: string | null): string {
  if (flag === "check-out-missing" || flag === "confirmation-overdue") return `?attention=${flag}`;
  if (flag === "no-show") return "?status=NO_SHOW";
  return "";
}
