/**
 * Where the audit page links an event's subject, for staff: a session to its page, a person to their
 * admin page. Other subjects (payments, slots, policies…) have no page of their own yet: no link.
 */
export function auditSubjectHref(subject: { type: string; id: string }): string | null {
  const id = encodeURIComponent(subject.id);
  if (subject.type === "TutoringSession") return `/sessions/${id}`;
  if (subject.type === "User") return `/admin/users/${id}`;
  return null;
}
