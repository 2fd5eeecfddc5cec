import { Form, Link, useNavigation } from "@remix-run/react";
import { DESCRIPTION_MAX, DISPUTE_CATEGORIES, MAX_MINUTES, TUTOR_SIDE_MAX } from "~/domain/disputes/report";
import { RATING_COMMENT_MAX } from "~/domain/sessions/confirmation";
import { formatInstant } from "~/domain/time/zones";
import type { HoursView, SeatHoursView, SeatProblemView } from "~/services/hours-confirmations.server";
import { formatRange } from "./booking";
import { FieldErrors, FormErrors, PlainTextField, SubmitButton } from "./forms";

/** The last submission of one seat's hours form, as the action answered it (its fields kept). */
export type HoursFormResult = {
  seatId: string;
  intent: "confirm-hours" | "rate" | "report-problem" | "tutor-side";
  values: Record<string, string>;
  errors: Record<string, string[]>;
};

const STAR_LABELS = ["Poor", "Fair", "Good", "Very good", "Excellent"];

/**
 * The hours of a session that happened, as the tutor recorded them, and each seat's answer: the booker
 * confirms (rating it at the same time if they like) and may change the rating for 7 days, or reports
 * a problem instead; staff confirm on a silent booker's behalf; the tutor sees where the answers stand
 * and adds their side to a reported problem. Plain forms, posted to the page that shows them (the
 * session page, or the emailed link's page).
 */
export function HoursConfirmation({
  view,
  zone,
  result,
  withAttendance = false,
}: {
  view: HoursView;
  zone: string;
  result?: HoursFormResult | null;
  /** Say each learner's attendance (the link's page; the session page lists it with the learners). */
  withAttendance?: boolean;
}) {
  return (
    <section aria-labelledby="hours-heading" className="mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h2 id="hours-heading" className="font-semibold">
        Hours
      </h2>
      {view.actual ? (
        <p>
          {view.tutorName} recorded <strong>{formatRange(view.actual.startedAt, view.actual.endedAt, zone)}</strong>: {view.actual.minutes} minutes.
        </p>
      ) : (
        <p>No actual times were recorded, so the booked time counts: {formatRange(view.startsAt, view.endsAt, zone)}.</p>
      )}
      {view.seats.map((seat) => (
        <SeatHours
          key={seat.seatId}
          seat={seat}
          zone={zone}
          recordedMinutes={view.actual?.minutes ?? Math.round((Date.parse(view.endsAt) - Date.parse(view.startsAt)) / 60_000)}
          result={result?.seatId === seat.seatId ? result : null}
          named={view.seats.length > 1}
          withAttendance={withAttendance}
        />
      ))}
    </section>
  );
}

function SeatHours({
  seat,
  zone,
  recordedMinutes,
  result,
  named,
  withAttendance,
}: {
  seat: SeatHoursView;
  zone: string;
  recordedMinutes: number;
  result: HoursFormResult | null;
  named: boolean;
  withAttendance: boolean;
}) {
  const attendance = withAttendance ? <span className="font-normal text-slate-600"> · {seat.attendance}</span> : null;
  const heading = named ? (
    <h3 className="font-medium">
      {seat.studentName}
      {attendance}
    </h3>
  ) : withAttendance ? (
    <p className="text-slate-700">Attendance: {seat.attendance}</p>
  ) : null;
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3">
      {heading}
      <SeatState seat={seat} zone={zone} />
      {seat.problem ? <ProblemSummary seatId={seat.seatId} problem={seat.problem} zone={zone} result={result?.intent === "tutor-side" ? result : null} /> : null}
      {seat.mayConfirmAs === "booker" ? (
        <HoursForm seat={seat} intent="confirm-hours" result={result} zone={zone} />
      ) : seat.mayConfirmAs === "staff" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="confirm-hours" />
          <input type="hidden" name="seatId" value={seat.seatId} />
          <FormErrors id={`hours-${seat.seatId}-errors`} errors={result?.errors[""]} />
          <StaffConfirmButton seat={seat} />
        </Form>
      ) : null}
      {seat.rating && !seat.mayRateUntil ? (
        <p>
          Rated {seat.rating.stars} of 5{seat.rating.comment ? ":" : "."} {seat.rating.comment ? <q className="whitespace-pre-line">{seat.rating.comment}</q> : null}
        </p>
      ) : null}
      {seat.mayRateUntil ? <HoursForm seat={seat} intent="rate" result={result} zone={zone} /> : null}
      {seat.mayReport ? <ReportProblemForm seat={seat} recordedMinutes={recordedMinutes} result={result?.intent === "report-problem" ? result : null} /> : null}
    </div>
  );
}

function SeatState({ seat, zone }: { seat: SeatHoursView; zone: string }) {
  switch (seat.state) {
    case "confirmed": {
      const confirmed = seat.confirmed!;
      const how =
        confirmed.via === "auto"
          ? "automatically, as nobody answered in time"
          : confirmed.via === "staff"
            ? `by ${confirmed.byName ?? "a coordinator"} on behalf of ${seat.bookedByName}`
            : `by ${confirmed.byName ?? seat.bookedByName}`;
      return (
        <p role="status" className="text-emerald-800">
          Hours confirmed {how}, {formatInstant(new Date(confirmed.at), zone)}.
        </p>
      );
    }
    case "too_early":
      return <p>The session has not finished yet: its hours can be confirmed from {formatInstant(new Date(seat.opensAt!), zone)}.</p>;
    case "open":
    case "overdue": {
      const who = seat.mayConfirmAs === "booker" ? "Please confirm the hours" : `Waiting for ${seat.bookedByName} to confirm`;
      return (
        <p className={seat.state === "overdue" ? "text-amber-900" : undefined}>
          {who}
          {seat.state === "overdue" ? `: the answer was due ${formatInstant(new Date(seat.dueAt!), zone)}.` : ` by ${formatInstant(new Date(seat.dueAt!), zone)}.`}
        </p>
      );
    }
    case "waiting_for_check_out":
      return <p>Waiting for the tutor's check-out.</p>;
    case "disputed":
      return null; // the problem's summary says where it stands
    case "closed":
      return null;
  }
}

function StaffConfirmButton({ seat }: { seat: SeatHoursView }) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && navigation.formData?.get("seatId") === seat.seatId;
  return (
    <SubmitButton tone="plain" pending={pending}>
      Confirm on {seat.bookedByName}'s behalf
    </SubmitButton>
  );
}

/** A seat's reported problem: both accounts, the minutes side by side, the tutor's form, the decision. */
export function ProblemSummary({ seatId, problem, zone, result }: { seatId: string; problem: SeatProblemView; zone: string; result: HoursFormResult | null }) {
  const { resolution } = problem;
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
      <h3 className="font-medium">
        Problem reported: {problem.category}
        <span className="font-normal text-slate-700"> · {formatInstant(new Date(problem.reportedAt), zone)}</span>
      </h3>
      <p className="whitespace-pre-line break-words">{problem.description}</p>
      {problem.claimedMinutes !== null ? (
        <p>
          Minutes: the tutor recorded <strong>{problem.tutorMinutes}</strong>, the report says <strong>{problem.claimedMinutes}</strong>
          {problem.discrepancy ? "." : " (the same)."}
        </p>
      ) : null}
      {problem.tutorResponse ? (
        <div>
          <p className="font-medium">The tutor's side · {formatInstant(new Date(problem.tutorResponse.at), zone)}</p>
          <p className="whitespace-pre-line break-words">{problem.tutorResponse.text}</p>
        </div>
      ) : problem.mayRespond ? (
        <TutorSideForm seatId={seatId} disputeId={problem.disputeId} result={result} />
      ) : problem.status === "open" ? (
        <p className="text-slate-700">The tutor has not added their side yet.</p>
      ) : null}
      {resolution ? (
        <div role="status" className="space-y-1 border-t border-amber-300 pt-2">
          <p className="font-medium">
            Decided by a coordinator, {formatInstant(new Date(resolution.at), zone)}: {resolution.outcome.toLowerCase()}, {resolution.approvedMinutes} minutes approved.
          </p>
          {resolution.refund ? <p>Refund: {resolution.refund}</p> : null}
          {resolution.tutorPay ? <p>Tutor's pay for this place: {resolution.tutorPay}</p> : null}
          {resolution.notes.map((note) => (
            <p key={note.to} className="whitespace-pre-line break-words">
              Note to {note.to}: {note.text}
            </p>
          ))}
        </div>
      ) : (
        <p>A coordinator is looking into it; the hours are not counted until they decide.</p>
      )}
      {problem.staffHref ? (
        <p>
          <Link to={problem.staffHref}>{resolution ? "Open the case" : "Resolve it"}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** The booker's other answer: what went wrong, in their words, and the minutes they believe took place. */
function ReportProblemForm({ seat, recordedMinutes, result }: { seat: SeatHoursView; recordedMinutes: number; result: HoursFormResult | null }) {
  const navigation = useNavigation();
  const id = (field: string) => `report-${seat.seatId}-${field}`;
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const describedBy = (field: string, hint?: string) => [errors[field] ? id(`${field}-error`) : null, hint ?? null].filter(Boolean).join(" ") || undefined;
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === "report-problem";
  return (
    <details open={result !== null} className="rounded-md border border-slate-200 p-3">
      <summary className="min-h-11 cursor-pointer py-2 font-medium">Something not right? Report a problem instead</summary>
      <Form method="post" className="mt-2 space-y-3" aria-label="Report a problem">
        <input type="hidden" name="intent" value="report-problem" />
        <input type="hidden" name="seatId" value={seat.seatId} />
        <FormErrors id={id("errors")} errors={errors[""]} />
        <div>
          <label htmlFor={id("category")} className="mb-1 block font-medium">
            What went wrong
          </label>
          <select
            id={id("category")}
            name="category"
            defaultValue={values.category ?? ""}
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={describedBy("category")}
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600"
          >
            <option value="">Choose…</option>
            {DISPUTE_CATEGORIES.map((category) => (
              <option key={category.value} value={category.value}>
                {category.label}
              </option>
            ))}
          </select>
          <FieldErrors id={id("category-error")} errors={errors.category} />
        </div>
        <PlainTextField
          id={id("description")}
          name="description"
          label="What happened"
          rows={4}
          maxLength={DESCRIPTION_MAX}
          defaultValue={values.description ?? ""}
          errors={errors.description}
          hint={`From 10 to ${DESCRIPTION_MAX.toLocaleString("en")} characters. The tutor and the coordinators read it.`}
        />
        <PlainTextField
          id={id("claimedMinutes")}
          name="claimedMinutes"
          label="Minutes that took place (optional)"
          short
          maxLength={4}
          defaultValue={values.claimedMinutes ?? ""}
          errors={errors.claimedMinutes}
          hint={`The tutor recorded ${recordedMinutes} minutes. If that is wrong, enter what you believe took place (0 to ${MAX_MINUTES}); otherwise leave it blank.`}
        />
        <SubmitButton tone="plain" pending={pending}>
          Report the problem
        </SubmitButton>
      </Form>
    </details>
  );
}

/** The tutor's side of a reported problem, once. */
function TutorSideForm({ seatId, disputeId, result }: { seatId: string; disputeId: string; result: HoursFormResult | null }) {
  const navigation = useNavigation();
  const id = (field: string) => `tutor-side-${disputeId}-${field}`;
  const errors = result?.errors ?? {};
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === "tutor-side";
  return (
    <Form method="post" className="space-y-2" aria-label="Your side">
      <input type="hidden" name="intent" value="tutor-side" />
      <input type="hidden" name="seatId" value={seatId} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <FormErrors id={id("errors")} errors={errors[""]} />
      <PlainTextField
        id={id("response")}
        name="response"
        label="Your side (once; the coordinator reads it before deciding)"
        rows={4}
        maxLength={TUTOR_SIDE_MAX}
        defaultValue={result?.values.response ?? ""}
        errors={errors.response}
        hint={`From 10 to ${TUTOR_SIDE_MAX.toLocaleString("en")} characters.`}
      />
      <SubmitButton pending={pending}>Add your side</SubmitButton>
    </Form>
  );
}

/** Confirm (with an optional rating), or rate / change the rating of a confirmed seat. */
function HoursForm({ seat, intent, result, zone }: { seat: SeatHoursView; intent: "confirm-hours" | "rate"; result: HoursFormResult | null; zone: string }) {
  const navigation = useNavigation();
  const mine = result?.intent === intent ? result : null;
  const id = (field: string) => `${intent}-${seat.seatId}-${field}`;
  const stars = mine ? (mine.values.stars ?? "") : seat.rating ? String(seat.rating.stars) : "";
  const comment = mine ? (mine.values.comment ?? "") : (seat.rating?.comment ?? "");
  const starErrors = mine?.errors.stars;
  const commentErrors = mine?.errors.comment;
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === intent && navigation.formData?.get("seatId") === seat.seatId;
  return (
    <Form method="post" className="space-y-3" aria-label={intent === "rate" ? "Your rating" : "Confirm the hours"}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="seatId" value={seat.seatId} />
      <FormErrors id={id("errors")} errors={mine?.errors[""]} />
      <fieldset aria-describedby={starErrors ? id("stars-error") : undefined}>
        <legend className="font-medium">{intent === "rate" ? "Your rating" : "Rate the session (optional)"}</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {STAR_LABELS.map((label, index) => (
            <label key={label} className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="stars" value={String(index + 1)} defaultChecked={stars === String(index + 1)} />
              {index + 1} · {label}
            </label>
          ))}
          <label className="inline-flex min-h-11 items-center gap-2">
            <input type="radio" name="stars" value="" defaultChecked={stars === ""} />
            {intent === "rate" ? "No rating" : "Skip"}
          </label>
        </div>
        <FieldErrors id={id("stars-error")} errors={starErrors} />
      </fieldset>
      <div>
        <label htmlFor={id("comment")} className="mb-1 block font-medium">
          Comment (optional)
        </label>
        <textarea
          id={id("comment")}
          name="comment"
          rows={3}
          maxLength={RATING_COMMENT_MAX}
          defaultValue={comment}
          aria-invalid={commentErrors ? true : undefined}
          aria-describedby={commentErrors ? id("comment-error") : id("comment-hint")}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600"
        />
        <p id={id("comment-hint")} className="mt-1 text-slate-600">
          Up to {RATING_COMMENT_MAX.toLocaleString("en")} characters.{" "}
          {seat.mayRateUntil ? `You can change the rating until ${formatInstant(new Date(seat.mayRateUntil), zone)}.` : "You can change the rating for 7 days."}
        </p>
        <FieldErrors id={id("comment-error")} errors={commentErrors} />
      </div>
      <SubmitButton pending={pending}>{intent === "rate" ? "Save the rating" : "Confirm the hours"}</SubmitButton>
    </Form>
  );
}
