import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { PageTitle } from "~/components/layout";
import { SlotForm } from "~/components/slot-form";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { datedRangeFields } from "~/domain/scheduling/rules";
import { SLOT_FORM_FIELDS, SlotFormSchema } from "~/domain/scheduling/slot-form";
import { slotLock } from "~/domain/scheduling/slot-lock";
import { lastBookableDate, todayIn, weekContaining } from "~/domain/scheduling/weeks";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { findOwnSlot, updateSlot } from "~/services/slots.server";
import { parseForm, replyToRefusal } from "~/utils/forms";
import { readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Edit slot · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const slot = await findOwnSlot(user.id, args.params.slotId ?? "");
  if (!slot) throw new Response("That slot does not exist.", { status: 404 });
  const start = DateTime.fromISO(slot.startsAt).setZone(user.timezone);
  const fields = datedRangeFields(new Date(slot.startsAt), new Date(slot.endsAt), user.timezone);
  const now = clock.now();
  return json({
    zone: user.timezone,
    locked: slotLock({ startsAt: start.toJSDate(), hasBookings: slot.hasBookings }, now.toJSDate())?.message ?? null,
    values: { ...fields, kind: slot.kind, capacity: String(slot.capacity) },
    week: weekContaining(start.toISODate()!).id,
    minDate: todayIn(user.timezone, now),
    maxDate: lastBookableDate(user.timezone, now, SCHEDULING_POLICY_DEFAULTS),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const parsed = parseForm(await readFormData(args.request), SlotFormSchema, SLOT_FORM_FIELDS);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    await updateSlot(user, args.params.slotId ?? "", parsed.value, requestMeta(args.request));
  } catch (error) {
    return replyToRefusal(error, parsed.reply);
  }
  return redirectWithFlash(args.request, `/tutor/slots?week=${weekContaining(parsed.value.date).id}`, "The slot was changed.");
}

export default function EditSlot() {
  const { zone, locked, values, week, minDate, maxDate } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-2 text-sm">
        <Link to={`/tutor/slots?week=${week}`}>← Your slots</Link>
      </p>
      <PageTitle>Edit slot</PageTitle>
      {locked ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {locked}
        </p>
      ) : (
        <SlotForm
          id="edit-slot"
          lastResult={lastResult}
          defaultValue={values}
          submitLabel="Save slot"
          pending={navigation.state === "submitting"}
          minDate={minDate}
          maxDate={maxDate}
          zone={zone}
        />
      )}
    </div>
  );
}
