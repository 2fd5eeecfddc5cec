import { DomainError } from "~/domain/shared/errors";
import { actionTokenIssuedAt, consumeActionToken, readActionToken, type ActionPurpose, type TokenState } from "./action-tokens.server";
import { clock } from "./clock.server";
import { prisma } from "./db.server";
import { lockTutorOfSession } from "./locks.server";
import type { RequestMeta } from "./request-meta.server";
import { answerReplacement } from "./replacements.server";
import { sessionTransaction } from "./session-core/after-commit.server";
import { actorForUser, respondToReschedule } from "./reschedules.server";

/** The answers a link's page can post: a reschedule link carries its own; a replacement link offers two. */
export type LinkIntent = "accept" | "reject" | "cancel";

export type LinkResult = { kind: "done"; purpose: ActionPurpose; intent: LinkIntent } | { kind: "stale" } | { kind: "refused"; message: string };

class LinkAlreadyUsed extends Error {}

/** What each purpose allows, so a forged form field cannot turn a "keep the time" link into something else. */
function intentFor(purpose: ActionPurpose, requested: string): LinkIntent | null {
  if (purpose === "reschedule.accept") return "accept";
  if (purpose === "reschedule.reject") return "reject";
  // An hours link answers with its own form (hours-confirmations.server.ts: confirmHoursByLink).
  if (purpose === "hours.confirm") return null;
  return requested === "accept" || requested === "cancel" ? requested : null;
}

/**
 * Answers through an emailed link, acting as the person it was sent to. The link is used in the same
 * transaction as the answer, after the tutor's row lock every answer takes first: a refused answer
 * leaves the link working, and two uses at once apply one answer.
 */
export async function answerByLink(token: string, requestedIntent: string, meta: RequestMeta): Promise<LinkResult> {
  const found = await readActionToken(token);
  if (found.state !== "valid") return { kind: "stale" };
  const intent = intentFor(found.purpose, requestedIntent);
  if (!intent) return { kind: "refused", message: "Choose one of the buttons below." };
  const actor = await actorForUser(found.userId);
  const isReschedule = found.purpose !== "replacement.answer";
  const sessionId = isReschedule ? (await prisma.rescheduleRequest.findUnique({ where: { id: found.subjectId }, select: { sessionId: true } }))?.sessionId : found.subjectId;
  if (!actor || !sessionId) return { kind: "stale" };
  try {
    await sessionTransaction(async (session) => {
      await lockTutorOfSession(session.tx, sessionId);
      if (!(await consumeActionToken(session.tx, token, found.purpose, clock.now()))) throw new LinkAlreadyUsed();
      // The answer runs in this transaction and registers its after-commit work (emails, refunds) here.
      if (isReschedule) {
        await respondToReschedule(actor, sessionId, { action: intent as "accept" | "reject" }, meta, { requestId: found.subjectId, within: session });
      } else {
        await answerReplacement(actor, sessionId, { answer: intent as "accept" | "cancel" }, meta, { within: session });
      }
    });
  } catch (error) {
    if (error instanceof LinkAlreadyUsed) return { kind: "stale" };
    if (error instanceof DomainError) return { kind: "refused", message: error.message };
    throw error;
  }
  return { kind: "done", purpose: found.purpose, intent };
}

export type ReplacedProposal = { byName: string | null; byYou: boolean };

/**
 * Why a used reschedule link no longer works when its own answer did not use it: a counter-proposal
 * made after the link was sent replaced the proposal it answered, and retired it. An answer closes the
 * request, so no counter can follow one; a counter after the link was issued therefore means it was
 * replaced. The counter is recorded (audit) before the new links are issued, in the same transaction,
 * so the links a counter sends are never taken for replaced by that counter. Null otherwise.
 */
export async function replacedProposalOf(token: string, link: TokenState): Promise<ReplacedProposal | null> {
  if (link.state !== "used" || link.purpose === "replacement.answer") return null;
  const issuedAt = await actionTokenIssuedAt(token);
  if (!issuedAt) return null;
  const counter = await prisma.auditEvent.findFirst({
    where: { action: "reschedule.countered", occurredAt: { gt: issuedAt }, after: { path: ["requestId"], equals: link.subjectId } },
    orderBy: { occurredAt: "asc" },
    select: { actorId: true },
  });
  if (!counter) return null;
  const by = counter.actorId ? await prisma.user.findUnique({ where: { id: counter.actorId }, select: { name: true } }) : null;
  return { byName: by?.name ?? null, byYou: counter.actorId === link.userId };
}
