import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { json } from "@remix-run/node";
import { isDomainError, statusForDomainError } from "~/domain/shared/errors";
import { errorPage, type ErrorPageData } from "./http";
import { parseInstant } from "~/domain/time/calendar-input";

export type ParsedForm<T> =
  | {
      ok: true;
      value: T;
      /** The fields as posted, before the schema's transforms (to show again beside a later refusal). */ input: Record<string, unknown>;
      reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; resetForm?: boolean }) => SubmissionResult<string[]>;
    }
  | { ok: false; result: SubmissionResult<string[]> };

/**
 * Parses a form with its zod schema the conform way, and also refuses fields the form does not have
 * (a tampered or stale form), so nothing unexpected reaches a service. The failure result keeps the
 * person's input, to render beside each field with status 400.
 */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
  /** The form's field names, when the schema is not a plain object (a transform, say). "intent" is always allowed. */
  fieldNames?: readonly string[],
): ParsedForm<z.output<Schema>> {
  const submission = parseWithZod(formData, { schema });
  const names = fieldNames ?? ("shape" in schema ? Object.keys((schema as unknown as z.ZodObject).shape) : []);
  const known = new Set([...names, "intent"]);
  const unknown = [...new Set(formData.keys())].filter((key) => !known.has(key) && !key.startsWith("__"));
  if (unknown.length > 0) {
    return {
      ok: false,
      result: submission.reply({ formErrors: [`This form does not have the field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}. Reload the page and try again.`] }),
    };
  }
  if (submission.status !== "success") return { ok: false, result: submission.reply({ hideFields: ["password"] }) };
  return { ok: true, value: submission.value, input: submission.payload, reply: (options) => submission.reply({ ...options, hideFields: ["password"] }) };
}

/** A refusal a form can show beside its fields: bad input (400) or a conflict with how things are now (409). */
export type FormRefusal = { message: string; field?: string; status: 400 | 409 };

/**
 * For an action's catch around a service call. Not found, not yours and not allowed are not the
 * form's business: they are thrown as the route's error page (404, 403). Bad input and conflicts come
 * back to show on the form, with their status. Anything that is not a DomainError is thrown on.
 */
export function formRefusal(error: unknown, back?: ErrorPageData["back"]): FormRefusal {
  if (!isDomainError(error)) throw error;
  const status = statusForDomainError(error);
  if (status === 403 || status === 404) throw errorPage(status, error.message, back);
  return { message: error.message, field: error.field, status };
}

/**
 * formRefusal, answered as the conform reply with its status: beside its field when it names one
 * (and, given `fields`, one of those the form shows), else above the form.
 */
export function replyToRefusal(
  error: unknown,
  reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>,
  fields?: readonly string[],
) {
  const refusal = formRefusal(error);
  const result =
    refusal.field && (!fields || fields.includes(refusal.field)) ? reply({ fieldErrors: { [refusal.field]: [refusal.message] } }) : reply({ formErrors: [refusal.message] });
  return json(result, { status: refusal.status });
}

/**
 * Which of a page's forms was posted: its `intent` (a hidden field or the submit button's value),
 * checked against the page's list. No intent is `undefined` (the page's main form, when it has none);
 * one the page does not have is a 400 error page.
 */
export function intentOf<const Intent extends string>(formData: FormData, intents: readonly [Intent, ...Intent[]]): Intent | undefined {
  const submission = parseWithZod(formData, { schema: z.object({ intent: z.enum(intents).optional() }) });
  if (submission.status !== "success") throw errorPage(400, "This form is not one this page has. Reload the page and try again.");
  return submission.value.intent as Intent | undefined;
}

/** The payments switch (components/payments-toggle.tsx): "on" takes payments again, "off" makes bookings free. */
export const PaymentsToggleSchema = z.object({ intent: z.literal("payments"), paymentsEnabled: z.enum(["on", "off"], { message: "Reload the page and use the button." }) });
export const VerifiedToggleSchema = z.object({ intent: z.literal("verified"), verified: z.enum(["yes", "no"], { message: "Reload the page and use the button." }) });

/** A posted instant (a chosen time's ISO value); anything that is not one is `message` beside the field. */
export function instantField(message: string) {
  return z.string({ error: message }).transform((value, context) => parseInstant(value) ?? (context.addIssue({ code: "custom", message }), z.NEVER));
}

/** The first message of a failed parse, and the field it belongs to ("" for the form itself). */
export function firstError(result: SubmissionResult<string[]>, order: readonly string[] = []): { field: string; message: string } | null {
  const entries = Object.entries(result.error ?? {}).filter(([, messages]) => messages?.[0]);
  entries.sort(([a], [b]) => (order.indexOf(a) === -1 ? order.length : order.indexOf(a)) - (order.indexOf(b) === -1 ? order.length : order.indexOf(b)));
  const [field, messages] = entries[0] ?? [];
  return field === undefined || !messages ? null : { field, message: messages[0] };
}
