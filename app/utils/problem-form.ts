import { json } from "@remix-run/node";
import { z } from "zod";
import type { HoursFormResult } from "~/components/hours-confirmation";
import { ReportProblemSchema, TutorSideSchema, type ReportProblemInput } from "~/domain/disputes/report";
import { formRefusal, parseForm } from "./forms";
import type { ErrorPageData } from "./http";

/*
 * The problem forms beside a seat's hours (app/components/hours-confirmation.tsx): the booker's report
 * instead of confirming, and the tutor's side. Like the hours forms (hours-form.ts), bad input and
 * refusals come back as the seat's form result with the fields kept; success is `act`'s redirect.
 */

const seatId = z.string({ error: "Reload the page and try again." }).min(1).max(100);
const ReportFormSchema = ReportProblemSchema.extend({ intent: z.literal("report-problem"), seatId });
const TutorSideFormSchema = TutorSideSchema.extend({ intent: z.literal("tutor-side"), seatId, disputeId: z.string({ error: "Reload the page and try again." }).min(1).max(100) });

export type ProblemFormAnswer =
  { intent: "report-problem"; seatId: string; report: ReportProblemInput } | { intent: "tutor-side"; seatId: string; disputeId: string; response: string };

const FIELDS = { "report-problem": ["category", "description", "claimedMinutes"], "tutor-side": ["response"] } as const;

export async function answerProblemForm(
  formData: FormData,
  intent: "report-problem" | "tutor-side",
  act: (answer: ProblemFormAnswer) => Promise<Response>,
  back: ErrorPageData["back"],
): Promise<Response> {
  const fields = FIELDS[intent];
  const seat = String(formData.get("seatId") ?? "");
  const values = Object.fromEntries(fields.map((field) => [field, String(formData.get(field) ?? "")]));
  const reply = (status: number, errors: Record<string, string[]>) => json<{ hours: HoursFormResult }>({ hours: { seatId: seat, intent, values, errors } }, { status });
  const parsed =
    intent === "report-problem" ? parseForm(formData, ReportFormSchema, ["seatId", ...fields]) : parseForm(formData, TutorSideFormSchema, ["seatId", "disputeId", ...fields]);
  if (!parsed.ok) {
    return reply(400, Object.fromEntries(Object.entries(parsed.result.error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : []))));
  }
  try {
    const value = parsed.value;
    return await act(
      value.intent === "report-problem"
        ? { intent: value.intent, seatId: value.seatId, report: { category: value.category, description: value.description, claimedMinutes: value.claimedMinutes } }
        : { intent: value.intent, seatId: value.seatId, disputeId: value.disputeId, response: value.response },
    );
  } catch (error) {
    const refusal = formRefusal(error, back);
    return reply(refusal.status, { [refusal.field ?? ""]: [refusal.message] });
  }
}
