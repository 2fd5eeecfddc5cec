import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { BookingSteps, BookingUnavailable, SessionFieldRows, TimeSummary } from "~/components/booking";
import { PageTitle } from "~/components/layout";
import {
  BookingDetailsSchema,
  BookingRequestSchema,
  BookingReviewSchema,
  BOOKING_DETAIL_FIELDS,
  SeatDetailsSchema,
  bookingDetailsToSearch,
  type SeatDetails,
} from "~/domain/booking/forms";
import { namesSession } from "~/domain/booking/group-seat";
import { describeCancellationPolicy, formatSeatPrice } from "~/domain/booking/pricing";
import { formatPrice } from "~/domain/tutors/profile";
import { BOOKING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { getSessionPolicy } from "~/services/policies.server";
import { createBooking, getBookingStep, requireBooker } from "~/services/booking.server";
import { creditForBooking } from "~/services/credits.server";
import { requestMeta } from "~/services/request-meta.server";
import { formRefusal, parseForm } from "~/utils/forms";
import { readFormData, redirect, throwAsErrorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Book: review · Tutordesk" }];

/** Step 3: everything chosen so far (from the URL), the price, both zones and the cancellation terms. */
export async function loader(args: LoaderFunctionArgs) {
  const booker = await requireBooker(args).catch((error) => throwAsErrorPage(error));
  const tutorId = args.params.tutorId ?? "";
  const url = new URL(args.request.url);
  const loose = BookingRequestSchema.safeParse(Object.fromEntries(url.searchParams));
  // Missing or broken details go back to the details step, which shows what to fix.
  const backToDetails = () => redirect(`/book/${tutorId}?${url.searchParams}`);
  if (!loose.success) throw backToDetails();
  try {
    const step = await getBookingStep(booker, tutorId, loose.data);
    // A seat in an existing group session carries only the time and the learner (issue 13 B3); a session's
    // first booker carries its fields too. Anything else goes back to the details step, which shows the truth.
    if (step.groupSession && namesSession(loose.data)) throw backToDetails();
    const search = Object.fromEntries(url.searchParams);
    let details: SeatDetails;
    let session: { subject: string; title: string; meetingType: string; location: string | null };
    let description = "";
    if (step.groupSession) {
      const parsed = SeatDetailsSchema.safeParse(search);
      if (!parsed.success) throw backToDetails();
      details = parsed.data;
      session = step.groupSession;
    } else {
      const parsed = BookingDetailsSchema.safeParse(search);
      if (!parsed.success || !step.tutor.subjects.includes(parsed.data.subject)) throw backToDetails();
      details = parsed.data;
      session = { subject: parsed.data.subject, title: parsed.data.title, meetingType: parsed.data.meetingType, location: parsed.data.location ?? null };
      description = parsed.data.description;
    }
    const student = step.students.find((candidate) => candidate.id === details.student);
    if (step.durationError || !student) throw backToDetails();
    // The same computation the booking makes under the payer's lock; the form posts what is shown here.
    const credit = await creditForBooking(booker.id, step.priceMinor, step.tutor.currency);
    return json({
      unavailable: null,
      tutorId,
      zone: booker.timezone,
      step,
      session,
      description,
      hidden: [...bookingDetailsToSearch(details)],
      studentName: student.name,
      price: formatSeatPrice(step.priceMinor, step.tutor.currency),
      credit: {
        appliedMinor: credit.creditMinor,
        available: credit.balanceMinor > 0 ? formatPrice(credit.balanceMinor, step.tutor.currency) : null,
        applied: formatPrice(credit.creditMinor, step.tutor.currency),
        toPay: formatPrice(credit.chargeMinor, step.tutor.currency),
        chargeMinor: credit.chargeMinor,
        heldBack: credit.heldBackMinor > 0 ? formatPrice(credit.heldBackMinor, step.tutor.currency) : null,
      },
      policy: describeCancellationPolicy(await getSessionPolicy()),
      holdMinutes: BOOKING_POLICY_DEFAULTS.holdMinutes,
      changeLink: `/book/${tutorId}?${bookingDetailsToSearch(details)}`,
    });
  } catch (error) {
    const refusal = formRefusal(error);
    return json({ unavailable: refusal.message, tutorId } as const, { status: refusal.status });
  }
}

export async function action(args: ActionFunctionArgs) {
  const booker = await requireBooker(args).catch((error) => throwAsErrorPage(error));
  const tutorId = args.params.tutorId ?? "";
  // The service decides, under its lock, whether this seat joins a group session that exists (its fields
  // stand, and differing ones are refused) or names a new session (its fields are required).
  const parsed = parseForm(await readFormData(args.request), BookingReviewSchema, [...BOOKING_DETAIL_FIELDS, "credit"]);
  if (!parsed.ok) return json({ error: "Some details were missing. Go back to the details step and check them." }, { status: 400 });
  const { credit, ...details } = parsed.value;
  try {
    const booking = await createBooking(booker, tutorId, details, requestMeta(args.request), { creditShownMinor: credit });
    if (booking.checkoutUrl) return redirect(booking.checkoutUrl, 303);
    const notice = booking.checkoutError ? `?checkout=unavailable` : "";
    return redirect(`/bookings/${booking.participantId}${notice}`, 303);
  } catch (error) {
    const refusal = formRefusal(error);
    return json({ error: refusal.message }, { status: refusal.status });
  }
}

export default function BookingReview() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (data.unavailable !== null) return <BookingUnavailable tutorId={data.tutorId} message={data.unavailable} />;
  const { step, session, zone } = data;
  const paid = step.priceMinor > 0;
  const { credit } = data;
  const toCard = credit.chargeMinor > 0;
  return (
    <div className="mx-auto max-w-lg">
      <BookingSteps current="review" />
      <PageTitle subtitle={`with ${step.tutor.name}`}>Review your booking</PageTitle>
      {actionData?.error ? (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          <p>{actionData.error}</p>
          <p className="mt-1">
            <Link to={`/tutors/${data.tutorId}`}>See the tutor's open times</Link>
          </p>
        </div>
      ) : null}
      <TimeSummary
        startsAt={step.time.startsAt}
        endsAt={step.time.endsAt}
        viewerZone={zone}
        tutorZone={step.tutor.timezone}
        kind={step.time.kind}
        seatsLeft={step.time.seatsLeft}
        capacity={step.time.capacity}
      />
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <dt className="text-slate-600">For</dt>
        <dd>{data.studentName}</dd>
        <SessionFieldRows session={session} />
        <dt className="text-slate-600">Length</dt>
        <dd>{step.time.durationMinutes} minutes</dd>
        {data.description ? (
          <>
            <dt className="text-slate-600">Notes</dt>
            <dd className="whitespace-pre-line">{data.description}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">Price</dt>
        <dd className={credit.available ? "" : "font-semibold"}>{data.price}</dd>
        {paid && credit.available ? (
          <>
            <dt className="text-slate-600">Your credit</dt>
            <dd>{credit.available} available</dd>
            <dt className="text-slate-600">Credit applied</dt>
            <dd>{credit.applied}</dd>
            <dt className="text-slate-600">To pay</dt>
            <dd className="font-semibold">{credit.toPay}</dd>
          </>
        ) : null}
      </dl>
      {credit.heldBack ? (
        <p className="mt-2 text-sm text-slate-700">
          {credit.heldBack} of your credit stays in your balance: card payments have a minimum, so the card pays {credit.toPay}.
        </p>
      ) : null}
      <section aria-labelledby="policy-heading" className="mt-4 text-sm">
        <h2 id="policy-heading" className="font-semibold">
          Cancellation policy
        </h2>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
          {data.policy.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <Form method="post" className="mt-6 space-y-3">
        {data.hidden.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {paid ? <input type="hidden" name="credit" value={credit.appliedMinor} /> : null}
        {paid && toCard ? <p className="text-sm text-slate-600">We hold this time for {data.holdMinutes} minutes while you pay on Stripe's secure page.</p> : null}
        {paid && !toCard ? <p className="text-sm text-slate-600">Your credit covers the whole price: the booking is confirmed at once.</p> : null}
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton pending={navigation.state !== "idle"}>{!paid ? "Confirm booking" : toCard ? `Pay ${credit.toPay}` : "Confirm and pay with credit"}</SubmitButton>
          <Link to={data.changeLink}>Change details</Link>
        </div>
      </Form>
    </div>
  );
}
