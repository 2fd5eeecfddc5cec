/**
 * Emailed sign-in codes: how long they work, how many wrong tries they take, and what a person is
 * told about a code that no longer works. The service keeps the counters in the database; the one
 * number the email, the cookie and the row's expiry share is `CODE_VALID_MINUTES`.
 */
export const CODE_VALID_MINUTES = 10;
/** Wrong codes a code takes; the next try needs a new code. The database checks the same bound. */
export const MAX_WRONG_CODES = 5;

export type CodeRow = {
  wrongAttempts: number;
  expiresAt: Date;
  usedAt: Date | null;
  supersededAt: Date | null;
};

export type CodeState = "usable" | "used" | "superseded" | "locked" | "expired";

/** Used beats the others (it says what happened first); then a newer code, too many tries, the clock. */
export function codeState(row: CodeRow, now: Date): CodeState {
  if (row.usedAt) return "used";
  if (row.supersededAt) return "superseded";
  if (row.wrongAttempts >= MAX_WRONG_CODES) return "locked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "usable";
}

const UNUSABLE_MESSAGES: Record<Exclude<CodeState, "usable">, string> = {
  used: "This sign-in code or link was already used. Ask for a new code below.",
  superseded: "A newer code was sent to this address: use the code from the latest email, or ask for a new one below.",
  locked: `That was ${MAX_WRONG_CODES} wrong codes, so this code no longer works. Ask for a new one below.`,
  expired: `This sign-in code has expired: codes work for ${CODE_VALID_MINUTES} minutes. Ask for a new one below.`,
};

export const NO_CODE_IN_THIS_BROWSER =
  "There is no sign-in code waiting in this browser. Codes and links work only in the browser that asked for them, for " +
  `${CODE_VALID_MINUTES} minutes. Ask for a new code below.`;

export const LINK_FROM_ANOTHER_BROWSER = "This sign-in link works only in the browser where the code was asked for. Open it there, or ask for a new code here.";

export function unusableMessage(state: Exclude<CodeState, "usable">): string {
  return UNUSABLE_MESSAGES[state];
}

export function wrongCodeMessage(wrongAttempts: number): string {
  const left = Math.max(0, MAX_WRONG_CODES - wrongAttempts);
  if (left === 0) return UNUSABLE_MESSAGES.locked;
  return `That code is not right. Check the latest email and try again (${left} ${left === 1 ? "try" : "tries"} left).`;
}

/** What a person may type: the six digits, with spaces or dashes an email client or habit adds. */
export function normaliseCodeInput(input: string): string {
  return input.replace(/[\s-]/g, "");
}
