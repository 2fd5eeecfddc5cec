import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatRange } from "~/components/booking";
import { PlainTextField } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { INTERVENTION_REASON_MAX, INTERVENTION_REASON_MIN } from "~/domain/admin/interventions";

/*
 * The pieces every admin intervention page shares (decision 030): the heading with the session, the
 * refusal when it cannot be done, and the required reason.
 */

export type InterventionHead = { id: string; title: string; statusLabel: string; startsAt: string; endsAt: string; tutorName: string };

/** A posted form's values and errors, shown again beside its fields. */
export type InterventionResult<Plan> = { values: Record<string, string>; errors: Record<string, string[]>; plan: Plan | null };

export function errorsOf(error: Record<string, string[] | null> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
}

export function InterventionHeading({ title, session, zone }: { title: string; session: InterventionHead; zone: string }) {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={`/coordinator/sessions/${session.id}`}>← The session's staff page</Link>
      </p>
      <PageTitle subtitle={`${session.title} · ${formatRange(session.startsAt, session.endsAt, zone)} · ${session.tutorName}`}>{title}</PageTitle>
      <p className="mb-4 text-sm text-slate-700">
        Status now: <strong>{session.statusLabel}</strong>. Admins only; the reason is kept in the session's audit trail.
      </p>
    </>
  );
}

export function Refusal({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      {children}
    </p>
  );
}

export function ReasonField({ value, errors, id = "reason" }: { value: string; errors?: string[]; id?: string }) {
  return (
    <PlainTextField
      id={id}
      name="reason"
      label="Reason"
      rows={3}
      maxLength={INTERVENTION_REASON_MAX}
      defaultValue={value}
      errors={errors}
      hint={`${INTERVENTION_REASON_MIN} to ${INTERVENTION_REASON_MAX.toLocaleString("en")} characters. The people emailed see it.`}
    />
  );
}
