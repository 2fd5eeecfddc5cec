import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { SubmitButton } from "~/components/forms";
import { Card, EmptyState, PageTitle } from "~/components/layout";
import { SlotForm } from "~/components/slot-form";
import { SCHEDULING_POLICY_DEFAULTS } from "~/domain/policies/defaults";
import { SLOT_FORM_FIELDS, SlotFormSchema } from "~/domain/scheduling/slot-form";
import { slotLock } from "~/domain/scheduling/slot-lock";
import { bookingWeeks, chosenBookingWeek, lastBookableDate, parseWeekId, todayIn, weekContaining } from "~/domain/scheduling/weeks";
import { offsetLabel } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { copyWeekToNext, createSlot, listSlotsForWeek } from "~/services/slots.server";
import { getTutorProfile } from "~/services/tutors.server";
import { intentOf, parseForm, replyToRefusal } from "~/utils/forms";
import { useFreshFormKey } from "~/utils/fresh-form";
import { errorPage, readFormData, redirect } from "~/utils/http";
import { z } from "zod";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Your slots · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  if (!(await getTutorProfile(user.id))) throw redirect("/tutor/profile");
  const url = new URL(args.request.url);
  const now = clock.now();
  // A week that is unusable or outside the booking horizon shows the current week with a notice.
  const chosen = chosenBookingWeek(user.timezone, now, SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays, { week: url.searchParams.get("week") });
  const { week } = chosen;
  const view = url.searchParams.get("view") === "list" ? "list" : "week";
  const slots = await listSlotsForWeek(user.id, week, user.timezone);
  const shown = slots.map((slot) => {
    const start = DateTime.fromISO(slot.startsAt).setZone(user.timezone);
    const end = DateTime.fromISO(slot.endsAt).setZone(user.timezone);
    return {
      id: slot.id,
      date: start.toISODate()!,
      label: `${start.toFormat("HH:mm")}–${end.toFormat("HH:mm")} ${offsetLabel(start)}`,
      dayLabel: start.toFormat("ccc d LLL"),
      kind: slot.kind,
      seats: slot.kind === "GROUP" ? `${slot.capacity - slot.seatsTaken} of ${slot.capacity} seats left` : slot.seatsTaken > 0 ? "booked" : "open",
      editable: slotLock({ startsAt: start.toJSDate(), hasBookings: slot.hasBookings }, now.toJSDate()) === null,
    };
  });
  return json({
    zone: user.timezone,
    week: { id: week.id, label: `${DateTime.fromISO(week.start).toFormat("d LLL")} – ${DateTime.fromISO(week.end).toFormat("d LLL yyyy")}` },
    days: week.days.map((date) => ({ date, label: DateTime.fromISO(date).toFormat("ccc d LLL") })),
    weekNotice: chosen.notice,
    previous: chosen.previous,
    next: chosen.next,
    canCopy: chosen.next !== null && slots.length > 0,
    view,
    slots: shown,
    minDate: todayIn(user.timezone, now),
    maxDate: lastBookableDate(user.timezone, now, SCHEDULING_POLICY_DEFAULTS),
    defaultDate: week.days.find((date) => date >= todayIn(user.timezone, now)) ?? week.start,
  });
}

/** "Copy this week to the next": the week is the one the page showed. */
const CopyWeekSchema = z.object({
  intent: z.literal("copy-week"),
  week: z.string().transform((id, context) => parseWeekId(id) ?? (context.addIssue({ code: "custom", message: "Unknown week." }), z.NEVER)),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  const formData = await readFormData(args.request);
  const url = new URL(args.request.url);
  const meta = requestMeta(args.request);
  if (intentOf(formData, ["copy-week"]) === "copy-week") {
    const copy = parseForm(formData, CopyWeekSchema);
    if (!copy.ok) throw errorPage(400, "That week is not one of yours to copy. Reload the page and try again.", { to: "/tutor/slots", label: "Your slots" });
    const week = copy.value.week;
    const result = await copyWeekToNext(user, week, meta);
    const next = bookingWeeks(user.timezone, clock.now(), SCHEDULING_POLICY_DEFAULTS.bookingHorizonDays).find((candidate) => candidate.start > week.start);
    const message =
      result.skipped.length === 0
        ? `Copied ${result.copied} slot${result.copied === 1 ? "" : "s"} to the next week.`
        : `Copied ${result.copied} slot${result.copied === 1 ? "" : "s"}; skipped ${result.skipped.map((skip) => `${skip.when} (${skip.reason})`).join("; ")}`;
    return redirectWithFlash(args.request, `/tutor/slots?week=${next ? next.id : week.id}`, message, { tone: result.skipped.length ? "info" : "success" });
  }
  const parsed = parseForm(formData, SlotFormSchema, SLOT_FORM_FIELDS);
  if (!parsed.ok) return json(parsed.result, { status: 400 });
  try {
    await createSlot(user, parsed.value, meta);
  } catch (error) {
    return replyToRefusal(error, parsed.reply);
  }
  // Back on the week of the new slot (issue 13 B16), not the week the form was sent from, in the same view.
  const week = weekContaining(parsed.value.date);
  const list = url.searchParams.get("view") === "list" ? "&view=list" : "";
  return redirectWithFlash(args.request, `/tutor/slots?week=${week.id}${list}`, `Slot added on ${parsed.value.date} at ${parsed.value.start}.`);
}

export default function SlotsPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  // The form starts afresh once a slot is added, as without JavaScript.
  const slotFormKey = useFreshFormKey((formData) => !formData.get("intent"), Boolean(lastResult));
  const byDay = data.days.map((day) => ({ ...day, slots: data.slots.filter((slot) => slot.date === day.date) }));
  const link = (week: string, view = data.view) => `/tutor/slots?week=${week}${view === "list" ? "&view=list" : ""}`;
  return (
    <>
      <PageTitle subtitle={`Times in ${data.zone}. Students see them in their own zone.`}>Your slots</PageTitle>
      <p className="mb-4 text-sm">
        <Link to="/tutor/schedule">← Weekly schedule</Link>
      </p>
      {data.weekNotice ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {data.weekNotice}
        </p>
      ) : null}
      {/* On a phone the week gets its own line, with the two arrows side by side under it. */}
      <nav aria-label="Weeks" className="mb-4 grid grid-cols-2 items-center gap-x-4 gap-y-2 sm:flex sm:justify-between">
        {data.previous ? (
          <Link to={link(data.previous)} className="py-2">
            ← Previous week
          </Link>
        ) : (
          <span className="py-2 text-slate-400">← Previous week</span>
        )}
        <h2 className="order-first col-span-2 font-semibold sm:order-none">Week of {data.week.label}</h2>
        {data.next ? (
          <Link to={link(data.next)} className="justify-self-end py-2">
            Next week →
          </Link>
        ) : (
          <span className="justify-self-end py-2 text-slate-400">Next week →</span>
        )}
      </nav>
      <p className="mb-4 flex gap-4 text-sm">
        <Link to={link(data.week.id, "week")} aria-current={data.view === "week" ? "page" : undefined} className="aria-[current=page]:font-semibold">
          Week view
        </Link>
        <Link to={link(data.week.id, "list")} aria-current={data.view === "list" ? "page" : undefined} className="aria-[current=page]:font-semibold">
          List view
        </Link>
      </p>
      {data.view === "week" ? (
        <div className="mb-6 grid grid-cols-1 gap-2 sm:grid-cols-7">
          {byDay.map((day) => (
            <section key={day.date} aria-label={day.label} className="rounded-md border border-slate-200 bg-white p-2 text-sm">
              <h3 className="mb-1 font-semibold">{day.label}</h3>
              {day.slots.length === 0 ? <p className="text-slate-500">No slots</p> : null}
              <ul className="space-y-1">
                {day.slots.map((slot) => (
                  <SlotItem key={slot.id} slot={slot} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : data.slots.length === 0 ? (
        <EmptyState>No slots this week.</EmptyState>
      ) : (
        <ul className="mb-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {data.slots.map((slot) => (
            <li key={slot.id} className="p-3 text-sm">
              <span className="font-medium">{slot.dayLabel}</span> <SlotItem slot={slot} inline />
            </li>
          ))}
        </ul>
      )}
      {data.canCopy ? (
        <Form method="post" className="mb-6">
          <input type="hidden" name="intent" value="copy-week" />
          <input type="hidden" name="week" value={data.week.id} />
          <SubmitButton tone="plain" pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "copy-week"}>
            Copy this week's slots to the next week
          </SubmitButton>
        </Form>
      ) : null}
      <Card title="Add a slot">
        <SlotForm
          key={slotFormKey}
          id="new-slot"
          lastResult={lastResult}
          defaultValue={{ date: data.defaultDate, kind: "ONE_TO_ONE" }}
          submitLabel="Add slot"
          pending={navigation.state === "submitting" && !navigation.formData?.get("intent")}
          minDate={data.minDate}
          maxDate={data.maxDate}
          zone={data.zone}
        />
      </Card>
    </>
  );
}

function SlotItem({ slot, inline }: { slot: { id: string; label: string; kind: string; seats: string; editable: boolean }; inline?: boolean }) {
  const Tag = inline ? "span" : "li";
  return (
    <Tag className={inline ? "" : "rounded bg-brand-soft p-2"}>
      {slot.label} · {slot.kind === "GROUP" ? "Group" : "1:1"} · {slot.seats}
      {slot.editable ? (
        // Their own line in a day's box (beside the text they wrap into it), with room to tap.
        <span className={inline ? "ml-3 inline-flex gap-4 whitespace-nowrap" : "mt-1 flex gap-4"}>
          <Link to={`/tutor/slots/${slot.id}`} className="py-1">
            Edit
          </Link>
          <Link to={`/tutor/slots/${slot.id}/delete`} className="py-1">
            Delete
          </Link>
        </span>
      ) : null}
    </Tag>
  );
}
