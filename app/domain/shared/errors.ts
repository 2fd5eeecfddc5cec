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
