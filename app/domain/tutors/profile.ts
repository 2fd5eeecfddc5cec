import { z } from "zod";
import { TimeZoneField } from "~/domain/users/forms";

export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "INR", "NPR"] as const;
export type Currency = (typeof CURRENCIES)[number];

export const GRADE_LEVELS = [
  { value: "PRIMARY", label: "Primary school" },
  { value: "MIDDLE", label: "Middle school" },
  { value: "HIGH", label: "High school" },
  { value: "UNIVERSITY", label: "University" },
  { value: "ADULT", label: "Adult learners" },
] as const;
export type GradeLevel = (typeof GRADE_LEVELS)[number]["value"];

export const OFFERED_DURATIONS = [30, 45, 60, 90, 120] as const;

export function gradeLevelLabel(value: string): string {
  return GRADE_LEVELS.find((level) => level.value === value)?.label ?? value;
}

/** "45", "45.5" or "45.50" in a two-decimal currency → 4550 minor units; null when it is not a price. */
export function parsePrice(text: string): number | null {
  const match = text.trim().match(/^(\d{1,6})(?:[.,](\d{1,2}))?$/);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

// Building an Intl formatter costs ~50x more than using one, and a search page prices 20 tutors.
const priceFormats = new Map<string, Intl.NumberFormat>();

/** 4550, "USD" → "$45.50"; all supported currencies have two decimals. */
export function formatPrice(minor: number, currency: string): string {
  let format = priceFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en", { style: "currency", currency });
    // Currencies come from a short fixed list; the bound only guards against a stray code per call.
    if (priceFormats.size < 100) priceFormats.set(currency, format);
  }
  return format.format(minor / 100);
}

/** "Maths, physics,  Maths" → ["Maths", "physics"]: trimmed, de-duplicated ignoring case. */
export function parseSubjects(text: string): string[] {
  const seen = new Set<string>();
  const subjects: string[] = [];
  for (const raw of text.split(",")) {
    const subject = raw.trim().replace(/\s+/g, " ");
    if (!subject || seen.has(subject.toLowerCase())) continue;
    seen.add(subject.toLowerCase());
    subjects.push(subject);
  }
  return subjects;
}

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const TutorProfileSchema = z.object({
  headline: z.string().trim().max(120, "A headline has at most 120 characters.").optional().default(""),
  bio: z.string().trim().max(2000, "The bio has at most 2000 characters.").optional().default(""),
  subjects: z
    .string({ error: "List at least one subject you teach." })
    .max(600, "Keep the subject list under 600 characters.")
    .transform(parseSubjects)
    .pipe(z.array(z.string().max(40, "Each subject has at most 40 characters.")).min(1, "List at least one subject you teach.").max(15, "List at most 15 subjects.")),
  gradeLevels: z.preprocess(
    asArray,
    z
      .array(z.enum(GRADE_LEVELS.map((level) => level.value) as [GradeLevel, ...GradeLevel[]], { error: "Choose grade levels from the list." }))
      .min(1, "Choose at least one grade level."),
  ),
  hourlyRate: z.string({ error: "Enter your hourly rate, for example 45.00." }).transform((text, context) => {
    const minor = parsePrice(text);
    if (minor === null || minor === 0) {
      context.addIssue({ code: "custom", message: "Enter a price above zero, like 45 or 45.50." });
      return z.NEVER;
    }
    return minor;
  }),
  currency: z.enum(CURRENCIES, { error: "Choose a currency from the list." }),
  durations: z.preprocess(
    asArray,
    z
      .array(z.coerce.number().refine((minutes) => (OFFERED_DURATIONS as readonly number[]).includes(minutes), "Choose lengths from the list."))
      .min(1, "Offer at least one session length."),
  ),
  bufferMinutes: z.coerce
    .number({ error: "Enter the minutes to keep free between sessions (0 for none)." })
    .int("Use whole minutes.")
    .min(0, "Use 0 to 120 minutes.")
    .max(120, "Use 0 to 120 minutes."),
  timezone: TimeZoneField,
});

export type TutorProfileInput = z.output<typeof TutorProfileSchema>;
