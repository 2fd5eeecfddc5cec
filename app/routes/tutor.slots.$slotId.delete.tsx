import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { slotLock } from "~/domain/scheduling/slot-lock";
import { weekContaining } from "~/domain/scheduling/weeks";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { deleteSlot, findOwnSlot } from "~/services/slots.server";
import { formRefusal } from "~/utils/forms";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Delete slot · Tutordesk" }];

/** Deleting is destructive, so it has its own confirmation page rather than a JavaScript dialog. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const slot = await findOwnSlot(user.id, args.params.slotId ?? "");
  if (!slot) throw new Response("That slot does not exist.", { status: 404 });
  const start = DateTime.fromISO(slot.startsAt).setZone(user.timezone);
  return json({
    when: `${formatInstant(start, user.timezone)} until ${DateTime.fromISO(slot.endsAt).setZone(user.timezone).toFormat("HH:mm")}`,
    kind: slot.kind === "GROUP" ? `Group of ${slot.capacity}` : "1:1",
    week: weekContaining(start.toISODate()!).id,
    locked: slotLock({ startsAt: start.toJSDate(), hasBookings: slot.hasBookings }, clock.nowDate())?.message ?? null,
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const slot = await findOwnSlot(user.id, args.params.slotId ?? "");
  if (!slot) return redirectWithFlash(args.request, "/tutor/slots", "That slot was already deleted.", { tone: "info" });
  try {
    await deleteSlot(user, slot.id, requestMeta(args.request));
  } catch (error) {
    const refusal = formRefusal(error);
    return json({ error: refusal.message }, { status: refusal.status });
  }
  const week = weekContaining(DateTime.fromISO(slot.startsAt).setZone(user.timezone).toISODate()!).id;
  return redirectWithFlash(args.request, `/tutor/slots?week=${week}`, "The slot was deleted.");
}

export default function DeleteSlot() {
  const { when, kind, week, locked } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle>Delete this slot?</PageTitle>
      <p className="mb-4">
        {kind} · {when}
      </p>
      {actionData?.error || locked ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {actionData?.error ?? locked}
        </p>
      ) : (
        <Form method="post" className="flex flex-wrap items-center gap-4">
          <SubmitButton tone="danger">Delete slot</SubmitButton>
          <Link to={`/tutor/slots?week=${week}`}>Keep it</Link>
        </Form>
      )}
    </div>
  );
}
