import { relationshipTo, type RelatedSeat, type Relationship } from "~/domain/sessions/relationship";
import type { Role } from "~/domain/users/roles";
import { prisma, type Tx } from "../db.server";

/**
 * Who `person` is to a session whose seats the caller loaded (with whatever else it needs from them):
 * the one answer (app/domain/sessions/relationship.ts), with the person's parent links to the seated
 * learners read here. Inside a transaction pass its `tx`.
 */
export async function relationshipOf<Seat extends RelatedSeat>(
  db: Tx | typeof prisma,
  person: { id: string; roles: readonly Role[] },
  session: { tutorId: string; seats: readonly Seat[] },
): Promise<Relationship<Seat>> {
  const others = [...new Set(session.seats.map((seat) => seat.studentId))].filter((id) => id !== person.id);
  const children =
    others.length === 0 || person.id === session.tutorId
      ? []
      : (await db.parentLink.findMany({ where: { parentId: person.id, studentId: { in: others } }, select: { studentId: true } })).map((link) => link.studentId);
  return relationshipTo(person, session, children);
}
