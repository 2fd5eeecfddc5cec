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

/**
 * The HTTP status a route answers a DomainError with, so every route maps codes the same way:
 * missing and "not yours" are 404 (a stranger learns nothing about what exists), not allowed is 403,
 * bad input is 400 (the form is shown again with the input kept), and every other refusal is a rule
 * meeting the current state: 409 Conflict.
 */
const STATUS_BY_CODE: Record<string, 400 | 403 | 404> = {
  NOT_FOUND: 404,
  NOT_YOURS: 404,
  SLOT_NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
};

export function httpStatusFor(error: DomainError): 400 | 403 | 404 | 409 {
  if (STATUS_BY_CODE[error.code]) return STATUS_BY_CODE[error.code];
  // Codes naming bad input follow one pattern (INVALID_TIME, INVALID_DATE, …); INVALID_TRANSITION is a state conflict.
  if (error.code.startsWith("INVALID_") && error.code !== "INVALID_TRANSITION") return 400;
  return 409;
}
