import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

export type ParsedForm<T> =
  | { ok: true; value: T; reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; resetForm?: boolean }) => SubmissionResult<string[]> }
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
  return { ok: true, value: submission.value, reply: (options) => submission.reply({ ...options, hideFields: ["password"] }) };
}
