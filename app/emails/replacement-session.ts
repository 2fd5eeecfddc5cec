/** A session as the replacement messages describe it; `title` is already "Tutoring session" when empty. */
export type ReplacementEmailSession = { title: string; startsAt: Date; endsAt: Date; studentName: string };
