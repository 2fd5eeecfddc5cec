import { describe, expect, it } from "vitest";
import { actionLabel, mergeTimeline, templateLabel, type AuditInput, type EmailInput, type PaymentInput, type RefundInput, type RescheduleInput } from "./timeline";

const t = (iso: string) => new Date(iso);

describe("actionLabel", () => {
  it.each([
    ["session.hours_confirmed", "Hours confirmed"],
    ["session.checked_in", "Checked in"],
    ["session.scheduled", "Booked and scheduled"],
    ["reschedule.countered", "Reschedule countered"],
    ["reschedule.accepted", "Reschedule accepted"],
    ["payment.paid", "Payment received"],
    ["refund.processed", "Refund processed"],
    ["dispute.resolved", "Dispute resolved"],
    ["policy_override.created", "Policy override granted"],
    ["session.mismatch_flagged", "Mismatch flagged"],
    ["something_new", "Something new"],
    ["", "Something happened"],
  ])("%s → %s", (action, words) => {
    expect(actionLabel(action)).toBe(words);
  });

  it("email templates read as words", () => {
    expect(templateLabel("booking-confirmed")).toBe("Booking confirmed");
    expect(templateLabel("")).toBe("Email");
  });
});

const audit = (id: string, at: string, action: string, extra: Partial<AuditInput> = {}): AuditInput => ({
  id,
  occurredAt: t(at),
  actorName: "Cora",
  action,
  reason: null,
  before: null,
  after: null,
  ...extra,
});
const payment: PaymentInput = {
  id: "p1",
  createdAt: t("2031-03-01T09:00:00Z"),
  paidAt: t("2031-03-01T09:01:00Z"),
  payerName: "Pat",
  studentName: "Ada",
  amountMinor: 4000,
  currency: "GBP",
  status: "PAID",
};
const refund: RefundInput = {
  id: "r1",
  createdAt: t("2031-03-02T10:00:00Z"),
  processedAt: null,
  studentName: "Ada",
  amountMinor: 2000,
  currency: "GBP",
  reason: "DISPUTE",
  status: "FAILED",
  attempts: 2,
  lastError: "card_declined",
};
const reschedule: RescheduleInput = {
  id: "q1",
  createdAt: t("2031-03-01T12:00:00Z"),
  initiatorName: "Tess",
  initiatorRole: "TUTOR",
  proposedStartsAt: t("2031-03-04T10:00:00Z"),
  proposedEndsAt: t("2031-03-04T11:00:00Z"),
  counterCount: 1,
  status: "ACCEPTED",
  reason: "Clash with an exam.",
};
const email: EmailInput = {
  id: "e1",
  createdAt: t("2031-03-01T09:01:00Z"),
  template: "booking-confirmed",
  toName: "Pat",
  toAddress: "pat@example.com",
  subject: "Booked",
  status: "FAILED",
  attempts: 5,
  sentAt: null,
  lastError: "timeout",
};

describe("mergeTimeline", () => {
  const merged = mergeTimeline({
    audit: [
      audit("10", "2031-03-01T09:01:00Z", "payment.paid"),
      audit("9", "2031-03-01T09:01:00Z", "session.scheduled"),
      audit("11", "2031-03-02T10:00:00Z", "dispute.resolved", { reason: "Tutor was late.", before: { status: "DISPUTED" }, after: { status: "COMPLETED" } }),
    ],
    payments: [payment],
    refunds: [refund],
    reschedules: [reschedule],
    emails: [email],
    zone: "Europe/London",
  });

  it("puts every kind in one list, oldest first", () => {
    expect(merged.map((entry) => entry.key)).toEqual([
      "payment-p1",
      "audit-00000000000000000009",
      "audit-00000000000000000010",
      "email-e1",
      "reschedule-q1",
      "audit-00000000000000000011",
      "refund-r1",
    ]);
  });

  it("orders ties at one instant by kind (the cause before the email), and audit ids as numbers", () => {
    const sameInstant = merged.filter((entry) => entry.at === "2031-03-01T09:01:00.000Z").map((entry) => entry.kind);
    expect(sameInstant).toEqual(["audit", "audit", "email"]);
  });

  it("words each entry, with the problems marked", () => {
    const byKind = Object.fromEntries(merged.map((entry) => [entry.key, entry]));
    expect(byKind["payment-p1"]).toMatchObject({ title: "Payment £40.00: paid", who: "Pat", problem: false });
    expect(byKind["refund-r1"]).toMatchObject({ title: "Refund £20.00: refused by Stripe so far", problem: true });
    expect(byKind["refund-r1"].detail).toContain("Stripe said: card_declined");
    expect(byKind["email-e1"]).toMatchObject({ title: "Email: Booking confirmed", who: "to Pat <pat@example.com>", problem: true });
    expect(byKind["email-e1"].detail).toContain("not delivered after every retry");
    expect(byKind["reschedule-q1"].title).toBe("Reschedule request by the tutor: accepted");
    expect(byKind["reschedule-q1"].detail).toContain("Tue 4 Mar 2031, 10:00");
    const resolved = byKind["audit-00000000000000000011"];
    expect(resolved).toMatchObject({ title: "Dispute resolved", who: "Cora", reason: "Tutor was late." });
    expect(JSON.parse(resolved.changes!)).toEqual({ before: { status: "DISPUTED" }, after: { status: "COMPLETED" } });
    expect(byKind["audit-00000000000000000009"].changes).toBeNull();
  });

  it("is empty for nothing", () => {
    expect(mergeTimeline({ audit: [], payments: [], refunds: [], reschedules: [], emails: [], zone: "UTC" })).toEqual([]);
  });
});

describe("an email's delivery state", () => {
  it("says when it was sent, or how far it got", () => {
    const sent = mergeTimeline({
      audit: [],
      payments: [],
      refunds: [],
      reschedules: [],
      emails: [{ ...email, status: "SENT", sentAt: t("2031-03-01T09:02:00Z"), lastError: null, attempts: 1 }],
      zone: "Europe/London",
    });
    expect(sent[0]).toMatchObject({ detail: '"Booked" · sent at Sat 1 Mar 2031, 09:02', problem: false });
    const waiting = mergeTimeline({ audit: [], payments: [], refunds: [], reschedules: [], emails: [{ ...email, status: "PENDING", attempts: 0, lastError: null }], zone: "UTC" });
    expect(waiting[0].detail).toBe('"Booked" · waiting to be sent');
  });
});
