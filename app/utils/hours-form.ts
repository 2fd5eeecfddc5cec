import { json } from "@remix-run/node";
import { z } from "zod";
import type { HoursFormResult } from "~/components/hours-confirmation";
import { ratingShape, withRatingRules, type RatingInput } from "~/domain/sessions/confirmation";
import { formRefusal, parseForm } from "./forms";
import type { ErrorPageData } from "./http";

/** The hours forms (app/components/hours-confirmation.tsx): confirm with an optional rating, or rate. */
const HoursFormSchema = withRatingRules(
  z.object({
    intent: z.enum(["confirm-hours", "rate"]),
    seatId: z.string({ error: "Reload the page and try again." }).min(1).max(100),
    ...ratingShape,
  }),
);
const FIELDS = ["seatId", "stars", "comment"] as const;

export type HoursFormAnswer = { intent: "confirm-hours" | "rate"; seatId: string; rating: RatingInput };

/**
 * Reads an hours form and runs `act` with it. Bad input and refusals come back as the form's result
 * (400 / 409, the fields kept) for the page to show beside the seat; not found and not allowed are the
 * page's error (404 / 403); success is `act`'s own response (a redirect).
 */
export async function answerHoursForm(formData: FormData, act: (answer: HoursFormAnswer) => Promise<Response>, back: ErrorPageData["back"]): Promise<Response> {
  const parsed = parseForm(formData, HoursFormSchema, FIELDS);
  const seatId = String(formData.get("seatId") ?? "");
  const intent = formData.get("intent") === "rate" ? "rate" : "confirm-hours";
  const values = Object.fromEntries(["stars", "comment"].map((field) => [field, String(formData.get(field) ?? "")]));
  if (!parsed.ok) {
    const errors = Object.fromEntries(Object.entries(parsed.result.error ?? {}).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])));
    return json<{ hours: HoursFormResult }>({ hours: { seatId, intent, values, errors } }, { status: 400 });
  }
  try {
    return await act({ intent: parsed.value.intent, seatId: parsed.value.seatId, rating: { stars: parsed.value.stars, comment: parsed.value.comment } });
  } catch (error) {
    const refusal = formRefusal(error, back);
    return json<{ hours: HoursFormResult }>({ hours: { seatId, intent, values, errors: { [refusal.field ?? ""]: [refusal.message] } } }, { status: refusal.status });
  }
}
