import type { z } from "zod";
import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FieldErrors, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { BookingSteps, BookingUnavailable, GroupSessionFields, TimeSummary } from "~/components/booking";
import { PageTitle } from "~/components/layout";
import {
  BookingDetailsSchema,
  BookingRequestSchema,
  BOOKING_DETAIL_FIELDS,
  MEETING_TYPES,
  SEAT_DETAIL_FIELDS,
  SeatDetailsSchema,
  bookingDetailsToSearch,
  type SeatDetails,
} from "~/domain/booking/forms";
import { namesSession } from "~/domain/booking/group-seat";
import { formatSeatPrice, seatPriceMinor } from "~/domain/booking/pricing";
import { parseInstant } from "~/domain/time/calendar-input";
import { getBookingStep, requireBooker } from "~/services/booking.server";
import { formRefusal, parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData, redirect, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

type BookingForm = z.input<typeof BookingRequestSchema>;

export const meta: MetaFunction = () => [{ title: "Book: details · Tutordesk" }];

function timeFromUrl(url: URL) {
  const slot = url.searchParams.get("slot") || undefined;
  const start = url.searchParams.get("start") || undefined;
  const duration = Number(url.searchParams.get("duration")) || undefined;
  return { slot, start: slot ? undefined : start, duration };
}

/** Step 2 of the booking: the time comes from the tutor's page in the URL; the rest is asked here. */
export async function loader(args: LoaderFunctionArgs) {
  const booker = await requireBooker(args).catch((error) => throwAsErrorPage(error));
  const url = new URL(args.request.url);
  const tutorId = args.params.tutorId ?? "";
  const time = timeFromUrl(url);
  // No time, or one that is not a real instant in 2000–2100 (a hand-edited link): nothing to book, 400.
  if (!time.slot && !parseInstant(time.start)) {
    return json({ unavailable: "Pick a time on the tutor's page first.", tutorId } as const, { status: 400 });
  }
  try {
    const step = await getBookingStep(booker, tutorId, time);
    // Coming back from the review step ("Change details"), the URL carries what was chosen.
    const chosen = Object.fromEntries(BOOKING_DETAIL_FIELDS.map((field) => [field, url.searchParams.get(field) ?? undefined]));
    return json({ unavailable: null, tutorId, step, zone: booker.timezone, chosen });
  } catch (error) {
    const refusal = formRefusal(error);
    return json({ unavailable: refusal.message, tutorId } as const, { status: refusal.status });
  }
}

export async function action(args: ActionFunctionArgs) {
  const booker = await requireBooker(args).catch((error) => throwAsErrorPage(error));
  const tutorId = args.params.tutorId ?? "";
  const formData = await readFormData(args.request);
  // Whether the session fields belong here depends on the slot (issue 13 B3): read loosely, then check
  // strictly once the step says whether this seat joins a group session that already exists.
  const loose = parseForm(formData, BookingRequestSchema, BOOKING_DETAIL_FIELDS);
  if (!loose.ok) return json(loose.result, { status: 400 });
  try {
    const step = await getBookingStep(booker, tutorId, loose.value);
    if (step.groupSession && namesSession(loose.value)) {
      return json(loose.reply({ formErrors: ["Another learner has just booked this group session, so its subject, meeting and title are set: reload the page to see them."] }), {
        status: 409,
      });
    }
    const parsed = step.groupSession ? parseForm(formData, SeatDetailsSchema, SEAT_DETAIL_FIELDS) : parseForm(formData, BookingDetailsSchema, BOOKING_DETAIL_FIELDS);
    if (!parsed.ok) return json(parsed.result, { status: 400 });
    const details: SeatDetails & { subject?: string } = parsed.value;
    const fieldErrors: Record<string, string[]> = {};
    if (step.durationError) fieldErrors.duration = [step.durationError];
    if (details.subject !== undefined && !step.tutor.subjects.includes(details.subject)) fieldErrors.subject = ["Choose one of the subjects this tutor teaches."];
    if (!step.students.some((student) => student.id === details.student)) fieldErrors.student = ["Choose yourself or one of your linked children."];
    if (Object.keys(fieldErrors).length > 0) return json(parsed.reply({ fieldErrors }), { status: 400 });
    return redirect(`/book/${tutorId}/review?${bookingDetailsToSearch(details)}`);
  } catch (error) {
    return replyToRefusal(error, loose.reply, BOOKING_DETAIL_FIELDS);
  }
}

export default function BookingDetails() {
  const data = useLoaderData<typeof loader>();
  if (data.unavailable !== null) return <BookingUnavailable tutorId={data.tutorId} message={data.unavailable} />;
  return <DetailsForm {...data} />;
}

function DetailsForm({ step, zone, chosen, tutorId }: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { unavailable: null }>) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const schema = step.groupSession ? SeatDetailsSchema : BookingDetailsSchema;
  const [form, fields] = useForm<BookingForm>({
    lastResult,
    constraint: getZodConstraint(schema),
    defaultValue: {
      slot: step.time.slotId ?? undefined,
      start: step.time.slotId ? undefined : step.time.startsAt,
      duration: String(step.time.durationMinutes),
      student: chosen.student ?? (step.students.length === 1 ? step.students[0].id : undefined),
      subject: chosen.subject ?? (step.tutor.subjects.length === 1 ? step.tutor.subjects[0] : undefined),
      meetingType: chosen.meetingType ?? "VIDEO",
      location: chosen.location,
      title: chosen.title,
      description: chosen.description,
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const isSlot = Boolean(step.time.slotId);
  return (
    <div className="mx-auto max-w-lg">
      <BookingSteps current="details" />
      <PageTitle subtitle={`with ${step.tutor.name}`}>Session details</PageTitle>
      <TimeSummary
        startsAt={step.time.startsAt}
        endsAt={step.time.endsAt}
        viewerZone={zone}
        tutorZone={step.tutor.timezone}
        kind={step.time.kind}
        seatsLeft={step.time.seatsLeft}
        capacity={step.time.capacity}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {isSlot ? (
          <input {...getInputProps(fields.slot, { type: "hidden" })} key={fields.slot.key} />
        ) : (
          <input {...getInputProps(fields.start, { type: "hidden" })} key={fields.start.key} />
        )}
        {isSlot ? null : (
          <SelectField
            label="Length"
            meta={fields.duration as FieldMetadata<string | undefined>}
            options={step.durations.map((minutes) => ({
              value: String(minutes),
              label: `${minutes} minutes · ${formatSeatPrice(step.priceMinor === 0 ? 0 : seatPriceMinor(step.tutor.rate, minutes), step.tutor.currency)}`,
            }))}
          />
        )}
        {step.students.length === 0 ? (
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            Add a child to your account before booking. <Link to="/parent/children/new">Add a child</Link>
          </p>
        ) : (
          <SelectField
            label="Who is this session for?"
            meta={fields.student}
            options={[...(step.students.length > 1 ? [{ value: "", label: "Choose…" }] : []), ...step.students.map((student) => ({ value: student.id, label: student.name }))]}
          />
        )}
        {step.groupSession ? <GroupSessionFields session={step.groupSession} /> : <SessionFieldInputs fields={fields} subjects={step.tutor.subjects} />}
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton pending={navigation.state === "submitting"}>Continue to review</SubmitButton>
          <Link to={`/tutors/${tutorId}`}>Back to times</Link>
        </div>
      </Form>
    </div>
  );
}

/** What the first booker of a time names: the session's subject, meeting, title and notes. */
function SessionFieldInputs({ fields, subjects }: { fields: ReturnType<typeof useForm<BookingForm>>[1]; subjects: string[] }) {
  return (
    <>
      <SelectField
        label="Subject"
        meta={fields.subject}
        options={[...(subjects.length > 1 ? [{ value: "", label: "Choose…" }] : []), ...subjects.map((subject) => ({ value: subject, label: subject }))]}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium">How will you meet?</legend>
        <div className="grid grid-cols-2 gap-2">
          {MEETING_TYPES.map((type) => (
            <label key={type.value} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2">
              <input
                type="radio"
                name={fields.meetingType.name}
                value={type.value}
                defaultChecked={fields.meetingType.initialValue === type.value}
                aria-describedby={fields.meetingType.errors ? fields.meetingType.errorId : undefined}
              />
              {type.label}
            </label>
          ))}
        </div>
        <FieldErrors id={fields.meetingType.errorId} errors={fields.meetingType.errors} />
      </fieldset>
      <Field label="Where (for in-person sessions)" meta={fields.location} hint="An address or a place both of you know." />
      <Field label="Title (optional)" meta={fields.title} hint="For example: Exam revision, chapter 4." />
      <div>
        <label htmlFor={fields.description.id} className="mb-1 block text-sm font-medium">
          What would you like to work on? (optional)
        </label>
        <textarea
          {...getTextareaProps(fields.description, { ariaAttributes: true })}
          key={fields.description.key}
          rows={4}
          className="block w-full rounded-md border border-slate-300 px-3 py-2"
        />
        <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
      </div>
    </>
  );
}
