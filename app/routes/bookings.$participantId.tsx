import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { BookingSteps, TimeSummary } from "~/components/booking";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { meetingTypeLabel } from "~/domain/booking/forms";
import { isDomainError } from "~/domain/shared/errors";
import { formatInstant, offsetLabel } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { releaseHold, resumeCheckout, settleFromReturn } from "~/services/payments.server";
import { requestMeta } from "~/services/request-meta.server";
import { getBookingView } from "~/services/sessions.server";
import { readFormData, redirect } from "~/utils/http";
import { formRefusal } from "~/utils/forms";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Your booking · Tutordesk" },
  // While the payment settles, the page looks again by itself (no JavaScript needed).
  ...(data?.booking.paymentStatus === "PROCESSING" || data?.waitingForWebhook ? [{ httpEquiv: "refresh", content: "5" }] : []),
];

/**
 * Step 5, and the booking's page afterwards. Coming back from Checkout, it asks Stripe about that
 * Checkout session so a paid booking shows as confirmed at once; the webhook would do the same, and
 * whichever is second changes nothing. This GET only ever applies what Stripe already decided.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const participantId = args.params.participantId ?? "";
  const checkout = new URL(args.request.url).searchParams.get("checkout");
  if (checkout?.startsWith("cs_")) {
    try {
      await settleFromReturn(participantId, checkout);
    } catch (error) {
      // Stripe unreachable: the webhook will confirm; the page says "processing" meanwhile.
      console.warn("could not settle on return", error);
    }
  }
  const booking = await getBookingView(user, participantId);
  if (!booking) throw new Response("That booking does not exist, or it is not yours to see.", { status: 404 });
  const holdEnds = booking.holdExpiresAt ? DateTime.fromISO(booking.holdExpiresAt).setZone(user.timezone) : null;
  return json({
    booking,
    zone: user.timezone,
    holdEnds: holdEnds ? `${holdEnds.toFormat("HH:mm")} ${offsetLabel(holdEnds)}` : null,
    cancelledAt: booking.cancellation ? formatInstant(DateTime.fromISO(booking.cancellation.cancelledAt), user.timezone) : null,
    cameBackFrom: checkout === "cancelled" ? "cancelled" : checkout === "unavailable" ? "unavailable" : checkout?.startsWith("cs_") ? "paid" : null,
    // Back from a paid Checkout but not confirmed yet: the webhook is on its way.
    waitingForWebhook: Boolean(checkout?.startsWith("cs_")) && booking.status === "HELD",
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const participantId = args.params.participantId ?? "";
  const intent = (await readFormData(args.request)).get("intent");
  try {
    if (intent === "pay") return redirect(await resumeCheckout(user.id, participantId), 303);
    if (intent === "release") {
      await releaseHold(user, participantId, requestMeta(args.request));
      return redirectWithFlash(args.request, `/bookings/${participantId}`, "The time was released. Nothing was charged.");
    }
  } catch (error) {
    if (isDomainError(error)) {
      const refusal = formRefusal(error);
      return json({ error: refusal.message }, { status: refusal.status });
    }
    return json({ error: "We could not reach the payment page. Please try again in a moment." }, { status: 502 });
  }
  return json({ error: "Unknown action." }, { status: 400 });
}

export default function BookingPage() {
  const { booking, zone, holdEnds, cameBackFrom, waitingForWebhook, cancelledAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { session } = booking;
  const heading = booking.noShow
    ? "Your tutor did not check in"
    : booking.status === "CONFIRMED"
      ? "Booking confirmed"
      : booking.paymentStatus === "PROCESSING" || waitingForWebhook
        ? "Payment processing"
        : booking.status === "HELD"
          ? "Awaiting payment"
          : booking.status === "EXPIRED"
            ? "This hold has expired"
            : "Booking cancelled";
  return (
    <div className="mx-auto max-w-lg">
      <BookingSteps current={booking.status === "CONFIRMED" ? "done" : "pay"} />
      <PageTitle subtitle={`${session.title} with ${session.tutorName}`}>{heading}</PageTitle>
      {actionData?.error ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {cameBackFrom === "cancelled" && booking.status === "HELD" ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          You left the payment page without paying. The time is still held for you until {holdEnds}.
        </p>
      ) : null}
      {cameBackFrom === "unavailable" && booking.status === "HELD" ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          We could not open the payment page. The time is held for you until {holdEnds}: try Pay now in a moment.
        </p>
      ) : null}
      <TimeSummary startsAt={session.startsAt} endsAt={session.endsAt} viewerZone={zone} tutorZone={session.tutorZone} kind={session.kind} />
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <dt className="text-slate-600">Status</dt>
        <dd className="font-semibold">{booking.statusLabel}</dd>
        <dt className="text-slate-600">For</dt>
        <dd>{booking.studentName}</dd>
        <dt className="text-slate-600">Meeting</dt>
        <dd>{meetingTypeLabel(session.meetingType, session.location)}</dd>
        <dt className="text-slate-600">Price</dt>
        <dd>{booking.price}</dd>
      </dl>
      {booking.cancellation ? (
        <section aria-labelledby="cancellation-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <h2 id="cancellation-heading" className="font-semibold">
            Cancellation
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600">Cancelled</dt>
            <dd>{cancelledAt}</dd>
            <dt className="text-slate-600">By</dt>
            <dd>{booking.cancellation.by}</dd>
            <dt className="text-slate-600">Refund</dt>
            {booking.cancellation.noRefund ? <dd>No refund. {booking.cancellation.noRefund}</dd> : null}
            {booking.cancellation.refunds.map((refund, index) => (
              <dd key={index}>
                {refund.amount}: {refund.label}
              </dd>
            ))}
          </dl>
        </section>
      ) : null}
      {booking.noShow ? (
        <section aria-labelledby="no-show-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <h2 id="no-show-heading" className="font-semibold">
            No-show — your tutor did not check in
          </h2>
          <p className="mt-1">The session did not take place, so everything paid for it is refunded in full.</p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600">Refund</dt>
            {booking.noShow.noRefund ? <dd>{booking.noShow.noRefund}</dd> : null}
            {booking.noShow.refunds.map((refund, index) => (
              <dd key={index}>
                {refund.amount}: {refund.label}
              </dd>
            ))}
          </dl>
        </section>
      ) : null}
      {booking.status === "CONFIRMED" && !booking.noShow ? (
        <p className="mt-4 text-sm">
          We emailed the details with a calendar file. <Link to={`/sessions/${session.id}`}>Open the session</Link> · <Link to="/sessions">All your sessions</Link>
        </p>
      ) : null}
      {booking.paymentStatus === "PROCESSING" || waitingForWebhook ? (
        <p role="status" className="mt-4 text-sm text-slate-700">
          Stripe is confirming your payment. This page refreshes by itself; we also email you when the booking is confirmed.
        </p>
      ) : null}
      {booking.status === "HELD" && booking.paymentStatus === "PENDING" && !waitingForWebhook && booking.isBooker ? (
        <div className="mt-4 space-y-3">
          <p className="text-sm text-slate-700">The time is held for you until {holdEnds}. After that it is released for others to book.</p>
          <div className="flex flex-wrap items-center gap-3">
            <Form method="post">
              <SubmitButton name="intent" value="pay" pending={navigation.state !== "idle"}>
                Pay now
              </SubmitButton>
            </Form>
            <Form method="post">
              <SubmitButton name="intent" value="release" tone="plain" pending={navigation.state !== "idle"}>
                Release this time
              </SubmitButton>
            </Form>
          </div>
        </div>
      ) : null}
      {booking.status === "EXPIRED" || booking.status === "CANCELLED" ? (
        <p className="mt-4 text-sm">
          <Link to={`/tutors/${session.tutorId}`}>Book another time with {session.tutorName}</Link>
        </p>
      ) : null}
    </div>
  );
}
