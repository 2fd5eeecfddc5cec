/**
 * A rule said no. `code` is stable (routes map it to a field error, a page message or a status);
 * `message` is written for the person who tried, saying what happened and what they can do next.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Codes that mean "there is no such thing for you": not found and not yours look the same from outside (404). */
const NOT_FOUND_CODES = new Set(["NOT_FOUND", "NOT_YOURS", "NOT_YOUR_STUDENT", "NOT_YOUR_CHILD", "SLOT_NOT_FOUND", "NO_PROFILE"]);
/** Codes that mean "you may not do this" (403). */
const FORBIDDEN_CODES = new Set(["FORBIDDEN", "NOT_A_BOOKER", "ONLY_INITIATOR_WITHDRAWS"]);
/** Codes that mean "what was sent is not valid", whatever the state of things (400, the form kept). */
const BAD_INPUT_CODES = new Set([
  "ENDS_BEFORE_START",
  "DATE_IN_PAST",
  "EXPIRY_IN_PAST",
  "EXPIRY_AFTER_END",
  "CAPACITY_ON_ONE_TO_ONE",
  "PROPOSED_TIME_MISSING",
  "PROPOSED_TIME_PAST",
  "PROPOSED_TIME_UNCHANGED",
  "SUBJECT_NOT_TAUGHT",
  "NOT_A_CANDIDATE",
  "SIGN_IN_FAILED",
]);

export type DomainErrorStatus = 400 | 403 | 404 | 409;

/**
 * The HTTP status for a refusal, the same on every route: not found and not yours → 404, not allowed →
 * 403, bad input (any `INVALID_…` code too) → 400, and everything else is a conflict with the current
 * state of things (taken meanwhile, too late, already done) → 409.
 */
export function statusForDomainError(error: Pick<DomainError, "code">): DomainErrorStatus {
  const { code } = error;
  if (NOT_FOUND_CODES.has(code) || code.endsWith("_NOT_FOUND")) return 404;
  if (FORBIDDEN_CODES.has(code)) return 403;
  // INVALID_TRANSITION is a state conflict (the session moved on meanwhile), not bad input.
  if (BAD_INPUT_CODES.has(code) || (code.startsWith("INVALID_") && code !== "INVALID_TRANSITION")) return 400;
  return 409;
}
