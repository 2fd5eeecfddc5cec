import { hasRole, type Role } from "~/domain/users/roles";

/**
 * Who a person is to one session, answered once for every service and page (docs/decisions/016):
 *
 * - `tutor`: the session's tutor;
 * - `student`: a learner with a seat in it (an adult booking for themselves is this too);
 * - `booking_parent`: the person who booked a seat for someone else, or a parent linked to a seated learner;
 * - `staff`: a coordinator or admin with no part in the session;
 * - `other`: nobody to it.
 *
 * `seats` are the seats this person answers for (their own, booked by them, their linked children's);
 * the tutor and staff answer for none of them as learners, but see them all. `side` is the side of a
 * negotiation (a move, a replacement choice): the tutor's, or the learners' (a parent acts for them).
 */
export type RelationshipKind = "tutor" | "student" | "booking_parent" | "staff" | "other";

export type RelatedSeat = { id: string; studentId: string; bookedById: string };

export type Relationship<Seat extends RelatedSeat = RelatedSeat> = {
  kind: RelationshipKind;
  isTutor: boolean;
  /** Coordinator or admin, whatever else they are to the session. */
  staff: "ADMIN" | "COORDINATOR" | null;
  /** The seats this person answers for as a learner or for a learner. */
  seats: Seat[];
  side: "TUTOR" | "STUDENT" | null;
  /** May see the session at all: its tutor, staff, or anyone with seats of their own here. */
  maySee: boolean;
};

/**
 * `childIds`: the learners linked to this person as their parent (only those seated here matter).
 */
export function relationshipTo<Seat extends RelatedSeat>(
  person: { id: string; roles: readonly Role[] },
  session: { tutorId: string; seats: readonly Seat[] },
  childIds: readonly string[],
): Relationship<Seat> {
  const staff = hasRole(person.roles, "ADMIN") ? "ADMIN" : hasRole(person.roles, "COORDINATOR") ? "COORDINATOR" : null;
  const isTutor = person.id === session.tutorId;
  const children = new Set(childIds);
  const seats = session.seats.filter((seat) => seat.studentId === person.id || seat.bookedById === person.id || children.has(seat.studentId));
  const kind: RelationshipKind = isTutor
    ? "tutor"
    : seats.length > 0
      ? seats.every((seat) => seat.studentId === person.id)
        ? "student"
        : "booking_parent"
      : staff
        ? "staff"
        : "other";
  return { kind, isTutor, staff, seats, side: isTutor ? "TUTOR" : seats.length > 0 ? "STUDENT" : null, maySee: isTutor || staff !== null || seats.length > 0 };
}
