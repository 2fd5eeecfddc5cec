import type { Prisma } from "@prisma/client";
import { DateTime } from "luxon";
import { deleteStaleLoginSessions } from "~/services/auth.server";
import { deleteOldSignInCodes } from "~/services/sign-in-codes.server";
import { pruneAvailabilityChanges } from "~/services/tutor-schedules.server";
import { pruneAnalyticsChanges } from "~/services/dashboard.server";
import { followUpHoursConfirmations } from "~/services/hours-confirmations.server";
import { markDueNoShows } from "~/services/no-shows.server";
import { deliverDueEmails } from "~/services/outbox.server";
import { sendDueReminders } from "~/services/reminders.server";
import { expireDueHolds, processDueRefunds } from "~/services/payments.server";
import { closeUnansweredReplacements } from "~/services/replacements.server";
import { expireDueRescheduleRequests } from "~/services/reschedules.server";
import { deletePastUnbookedSlots } from "~/services/slots.server";

/** `tutorId`: a run limited to one tutor's sessions, for the jobs that say `byTutor` (runJobsNow). */
export type JobContext = { now: Date; tutorId?: string };
export type JobDefinition = {
  /** How long after a finished run the job is due again. */
  intervalSeconds: number;
  /** The job can be run for one tutor's sessions only. */
  byTutor?: true;
  run(context: JobContext): Promise<Prisma.InputJsonValue>;
};

/** Every recurring job. Each one is idempotent: running it twice in a row does no extra work. */
export const JOBS: Record<string, JobDefinition> = {
  "deliver-emails": {
    intervalSeconds: 30,
    run: ({ now }) => deliverDueEmails({ now }),
  },
  "expire-holds": {
    intervalSeconds: 60,
    run: async () => ({ expired: await expireDueHolds() }),
  },
  "process-refunds": {
    intervalSeconds: 60,
    run: async () => ({ processed: await processDueRefunds() }),
  },
  "expire-reschedule-requests": {
    intervalSeconds: 60,
    run: async () => ({ closed: await expireDueRescheduleRequests() }),
  },
  "close-unanswered-replacements": {
    intervalSeconds: 60,
    run: async () => ({ closed: await closeUnansweredReplacements() }),
  },
  "mark-no-shows": {
    intervalSeconds: 60,
    byTutor: true,
    run: async ({ now, tutorId }) => ({ marked: await markDueNoShows({ now: DateTime.fromJSDate(now, { zone: "utc" }), tutorId }) }),
  },
  "send-session-reminders": {
    intervalSeconds: 60,
    run: async () => sendDueReminders(),
  },
  "follow-up-hours-confirmations": {
    intervalSeconds: 60,
    run: async ({ now }) => followUpHoursConfirmations({ now: DateTime.fromJSDate(now, { zone: "utc" }) }),
  },
  "clean-past-slots": {
    intervalSeconds: 24 * 3600,
    run: async ({ now }) => ({ deleted: await deletePastUnbookedSlots(now) }),
  },
  "prune-availability-changes": {
    intervalSeconds: 24 * 3600,
    run: async () => ({ deleted: await pruneAvailabilityChanges() }),
  },
  "prune-analytics-changes": {
    intervalSeconds: 24 * 3600,
    run: async () => ({ deleted: await pruneAnalyticsChanges() }),
  },
  "clean-login-sessions": {
    intervalSeconds: 24 * 3600,
    run: async ({ now }) => ({ deleted: await deleteStaleLoginSessions(now), codes: await deleteOldSignInCodes(now) }),
  },
};
