import { Prisma } from "@prisma/client";
import { completionEarnings, earningKindLabel, noShowClearedEarnings, noShowEarnings, resolutionEarning, type EarningEntry, type EarningKind } from "~/domain/pay/earnings";
import { payoutPreview, type PayoutPreview, type PayoutSeat, type PayoutTreatment } from "~/domain/pay/payout-treatment";
import { dayRange, recentMonths, monthPeriod, type MonthPeriod } from "~/domain/pay/periods";
import { DomainError } from "~/domain/shared/errors";
import { formatPrice } from "~/domain/tutors/profile";
import { hasRole } from "~/domain/users/roles";
import { clock } from "./clock.server";
import { prisma, readRows, type Tx } from "./db.server";
import type { Actor } from "./people.server";
import { getSessionPolicy } from "./policies.server";

/*
 * The tutors' earnings ledger (decision 028): the entries are written by the transactions that settle
 * seats (a session completed: hours-confirmations.server.ts and disputes.server.ts; a dispute resolved:
 * disputes.server.ts; staff's change of a booked session: `recordPayoutTreatment`), never changed (a trigger refuses it), and read here: a tutor's months, and the
 * admins' payroll for a period. The rules are app/domain/pay.
 */

async function insertEntries(tx: Tx, input: { tutorId: string; sessionId: string; earnedAt: Date; entries: EarningEntry[] }): Promise<void> {
  if (input.entries.length === 0) return;
  // One entry per seat and kind: a retried settlement finds it there and adds nothing.
  await tx.tutorEarning.createMany({
    data: input.entries.map((entry) => ({ ...entry, tutorId: input.tutorId, sessionId: input.sessionId, earnedAt: input.earnedAt })),
    skipDuplicates: true,
  });
}

/** A session has just completed (in this transaction): each confirmed seat earns its tutor its price less the fee. */
export async function recordCompletionEarnings(tx: Tx, sessionId: string, earnedAt: Date): Promise<void> {
  const session = await tx.tutoringSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { tutorId: true, participants: { select: { id: true, status: true, priceMinor: true, currency: true, hoursConfirmedAt: true, dispute: { select: { id: true } } } } },
  });
  const { platformFeePercent } = await getSessionPolicy(tx);
  const seats = session.participants.map((seat) => ({ ...seat, hasDispute: seat.dispute !== null }));
  await insertEntries(tx, { tutorId: session.tutorId, sessionId, earnedAt, entries: completionEarnings(seats, platformFeePercent) });
}

/** A dispute's resolution (in this transaction) decided the tutor's pay for its seat. */
export async function recordResolutionEarning(
  tx: Tx,
  input: { tutorId: string; sessionId: string; seat: { id: string; priceMinor: number; currency: string }; tutorPayMinor: number; feePercent: number; earnedAt: Date },
): Promise<void> {
  await insertEntries(tx, { ...input, entries: [resolutionEarning(input.seat, input.tutorPayMinor, input.feePercent)] });
}

/**
 * A session has just been recorded as a no-show (in this transaction), by `party`: a learners' no-show
 * earns each seat the policy's share (app/domain/pay/earnings.ts), a tutor's nothing. Written once per
 * seat (the unique key): a second no-show of a seat whose first was cleared adds nothing (decision 030).
 */
export async function recordNoShowEarnings(tx: Tx, sessionId: string, party: "tutor" | "student", earnedAt: Date): Promise<EarningEntry[]> {
  const session = await tx.tutoringSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { tutorId: true, participants: { select: { id: true, status: true, priceMinor: true, currency: true } } },
  });
  const policy = await getSessionPolicy(tx);
  const entries = noShowEarnings(session.participants, { party, payPercent: policy.studentNoShowTutorPayPercent, feePercent: policy.platformFeePercent });
  await insertEntries(tx, { tutorId: session.tutorId, sessionId, earnedAt, entries });
  return entries;
}

/** What clearing this session's no-show takes back: its `no_show` entries not yet taken back. */
export async function noShowCorrectionFor(db: Tx | typeof prisma, sessionId: string): Promise<EarningEntry[]> {
  const rows = await db.tutorEarning.findMany({
    where: { sessionId, kind: { in: ["no_show", "no_show_cleared"] } },
    select: { participantId: true, kind: true, amountMinor: true, grossMinor: true, feePercent: true, currency: true },
  });
  const cleared = new Set(rows.filter((row) => row.kind === "no_show_cleared").map((row) => row.participantId));
  return noShowClearedEarnings(rows.filter((row) => !cleared.has(row.participantId)));
}

/** A no-show has just been cleared (in this transaction): its pay is taken back, append-only. */
export async function recordNoShowCleared(tx: Tx, sessionId: string, earnedAt: Date): Promise<EarningEntry[]> {
  const session = await tx.tutoringSession.findUniqueOrThrow({ where: { id: sessionId }, select: { tutorId: true } });
  const entries = await noShowCorrectionFor(tx, sessionId);
  await insertEntries(tx, { tutorId: session.tutorId, sessionId, earnedAt, entries });
  return entries;
}

/**
 * What a payout treatment would pay the session's original tutor now: its booked seats that have no
 * payout decided yet (a seat is paid for a change once; a later change of the same seat pays nothing
 * more), at the fee in force. Read with `db` = the transaction when deciding, so the preview and the
 * write agree.
 */
export async function previewPayoutTreatment(db: Tx | typeof prisma, sessionId: string, treatment: PayoutTreatment): Promise<PayoutPreview & { alreadyDecided: number }> {
  const seats = await db.participant.findMany({
    where: { sessionId, status: "CONFIRMED" },
    orderBy: { createdAt: "asc" },
    select: { id: true, priceMinor: true, currency: true, earnings: { where: { kind: "payout_treatment" }, select: { id: true } } },
  });
  const open: PayoutSeat[] = seats.filter((seat) => seat.earnings.length === 0).map(({ id, priceMinor, currency }) => ({ id, priceMinor, currency }));
  const { platformFeePercent } = await getSessionPolicy(db);
  return { ...payoutPreview(open, treatment, platformFeePercent), alreadyDecided: seats.length - open.length };
}

/** Writes a payout treatment's entries for the session's original tutor (in the transaction that changes the session). */
export async function recordPayoutTreatment(tx: Tx, input: { tutorId: string; sessionId: string; preview: PayoutPreview; earnedAt: Date }): Promise<void> {
  await insertEntries(tx, { tutorId: input.tutorId, sessionId: input.sessionId, earnedAt: input.earnedAt, entries: input.preview.entries });
}

export type MoneyTotal = { currency: string; amountMinor: number; text: string };
export type EarningRow = {
  id: string;
  earnedAt: string;
  sessionId: string;
  title: string;
  studentName: string;
  kind: EarningKind;
  kindLabel: string;
  gross: string;
  feePercent: number;
  amount: string;
};
export type TutorEarningsView = {
  months: (Pick<MonthPeriod, "month" | "label"> & { entries: number; totals: MoneyTotal[] })[];
  selected: { month: string; label: string; rows: EarningRow[]; totals: MoneyTotal[] };
};

/** How many months a tutor's page lists. */
const MONTHS_SHOWN = 12;

function totalsOf(rows: { currency: string; amount: bigint | number }[]): MoneyTotal[] {
  return rows.map((row) => ({ currency: row.currency, amountMinor: Number(row.amount), text: formatPrice(Number(row.amount), row.currency) }));
}

/**
 * A tutor's own earnings: the last 12 months in their zone with each month's total, and one month's
 * entries (the current one unless `month` names another). Two statements: the totals per month (one
 * pass over the tutor's index range) and the month's rows.
 */
export async function getTutorEarnings(tutor: Actor & { timezone: string }, options: { month?: string | null } = {}): Promise<TutorEarningsView> {
  if (!hasRole(tutor.roles, "TUTOR")) throw new DomainError("FORBIDDEN", "Only tutors have earnings.");
  const months = recentMonths(clock.now(), tutor.timezone, MONTHS_SHOWN);
  const selected = (options.month ? monthPeriod(options.month, tutor.timezone) : null) ?? months[0];
  const ranges = Prisma.join(months.map((month) => Prisma.sql`(${month.month}, ${month.from}::timestamptz, ${month.to}::timestamptz)`));
  type TotalRow = { month: string; currency: string; amount: bigint; entries: bigint };
  type Row = {
    id: string;
    earned_at: Date;
    session_id: string;
    title: string;
    subject: string;
    student_name: string;
    kind: EarningKind;
    gross_minor: number;
    fee_percent: number;
    amount_minor: number;
    currency: string;
  };
  const [totals, rows] = await Promise.all([
    readRows<TotalRow>(Prisma.sql`
      SELECT m.month, e.currency, sum(e.amount_minor) AS amount, count(*) AS entries
        FROM (VALUES ${ranges}) AS m(month, from_at, to_at)
        JOIN tutor_earnings e ON e.tutor_id = ${tutor.id} AND e.earned_at >= m.from_at AND e.earned_at < m.to_at
       GROUP BY m.month, e.currency
       ORDER BY e.currency`),
    readRows<Row>(Prisma.sql`
      SELECT e.id, e.earned_at, e.session_id, s.title, s.subject, u.name AS student_name, e.kind, e.gross_minor, e.fee_percent, e.amount_minor, e.currency
        FROM tutor_earnings e
        JOIN tutoring_sessions s ON s.id = e.session_id
        JOIN participants p ON p.id = e.participant_id
        JOIN users u ON u.id = p.student_id
       WHERE e.tutor_id = ${tutor.id} AND e.earned_at >= ${selected.from} AND e.earned_at < ${selected.to}
       ORDER BY e.earned_at DESC, e.id DESC`),
  ]);
  const monthTotals = (month: string) => totalsOf(totals.filter((row) => row.month === month));
  const selectedTotals = new Map<string, number>();
  for (const row of rows) selectedTotals.set(row.currency, (selectedTotals.get(row.currency) ?? 0) + row.amount_minor);
  return {
    months: months.map((month) => ({
      month: month.month,
      label: month.label,
      entries: totals.filter((row) => row.month === month.month).reduce((sum, row) => sum + Number(row.entries), 0),
      totals: monthTotals(month.month),
    })),
    selected: {
      month: selected.month,
      label: selected.label,
      totals: totalsOf([...selectedTotals].map(([currency, amount]) => ({ currency, amount }))),
      rows: rows.map((row) => ({
        id: row.id,
        earnedAt: row.earned_at.toISOString(),
        sessionId: row.session_id,
        title: row.title || row.subject || "Tutoring session",
        studentName: row.student_name,
        kind: row.kind,
        kindLabel: earningKindLabel(row.kind),
        gross: formatPrice(row.gross_minor, row.currency),
        feePercent: row.fee_percent,
        amount: formatPrice(row.amount_minor, row.currency),
      })),
    },
  };
}

export type PayrollRow = {
  tutorId: string;
  name: string;
  email: string;
  currency: string;
  entries: number;
  grossMinor: number;
  amountMinor: number;
  gross: string;
  amount: string;
  /** Of the amount, what learners' no-shows paid (less any taken back when cleared; decision 030). */
  noShowsMinor: number;
  noShows: string;
};

/**
 * Every tutor's balance for a period (whole days in the admin's zone): what they earned, per currency,
 * highest first. Admins only (coordinators do not see payroll). One statement over the earnings'
 * (earned_at) index range.
 */
export async function getPayroll(viewer: Actor, period: { from: string; to: string }, zone: string): Promise<PayrollRow[]> {
  if (!viewer.roles.includes("ADMIN")) throw new DomainError("FORBIDDEN", "Only admins see payroll.");
  const range = dayRange(period, zone);
  type Row = { tutor_id: string; name: string; email: string; currency: string; entries: bigint; gross: bigint; amount: bigint; no_shows: bigint };
  const rows = await readRows<Row>(Prisma.sql`
    SELECT e.tutor_id, u.name, u.email, e.currency, sum(CASE WHEN e.kind = 'no_show_cleared' THEN -1 ELSE 1 END) AS entries,
           -- A cleared no-show takes back its seat's price with its pay, so a seat is never counted twice.
           sum(CASE WHEN e.kind = 'no_show_cleared' THEN -e.gross_minor ELSE e.gross_minor END) AS gross, sum(e.amount_minor) AS amount,
           COALESCE(sum(e.amount_minor) FILTER (WHERE e.kind IN ('no_show', 'no_show_cleared')), 0) AS no_shows
      FROM tutor_earnings e JOIN users u ON u.id = e.tutor_id
     WHERE e.earned_at >= ${range.from} AND e.earned_at < ${range.to}
     GROUP BY e.tutor_id, u.name, u.email, e.currency
     ORDER BY sum(e.amount_minor) DESC, u.name, e.tutor_id`);
  return rows.map((row) => ({
    tutorId: row.tutor_id,
    name: row.name,
    email: row.email,
    currency: row.currency,
    entries: Number(row.entries),
    grossMinor: Number(row.gross),
    amountMinor: Number(row.amount),
    gross: formatPrice(Number(row.gross), row.currency),
    amount: formatPrice(Number(row.amount), row.currency),
    noShowsMinor: Number(row.no_shows),
    noShows: formatPrice(Number(row.no_shows), row.currency),
  }));
}
