/**
 * The line under a session's time that says what kind of session it is. A group's seats left are
 * said only where the page knows them (booking a seat, the session page); a booking's confirmation
 * or a cancel page says "Group session" alone rather than printing numbers it does not have.
 */
export function sessionKindLine(session: { kind: "ONE_TO_ONE" | "GROUP"; seatsLeft?: number; capacity?: number }): string {
  if (session.kind === "ONE_TO_ONE") return "1:1 session";
  if (session.seatsLeft === undefined || session.capacity === undefined) return "Group session";
  return `Group session · ${session.seatsLeft} of ${session.capacity} seats left`;
}
