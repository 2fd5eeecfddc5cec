import { z } from "zod";
import type { LocalTime } from "~/domain/scheduling/local-time";

/**
 * Times of day are typed, never picked from `<input type="time">`: that control follows the browser's
 * locale and shows AM/PM in many, while every page here writes 24-hour times. A text box asks for
 * HH:MM with the numeric keyboard; "9:00", "0900" and "9.00" are read as 09:00.
 */
export const CLOCK_INPUT_ATTRIBUTES = {
  type: "text",
  inputMode: "numeric",
  pattern: "([01]?[0-9]|2[0-3])[:.]?[0-5][0-9]",
  placeholder: "HH:MM",
  maxLength: 5,
  autoComplete: "off",
} as const;

export const CLOCK_INPUT_HINT = "24-hour time, such as 09:00 or 17:30";

const CLOCK = /^([01]?\d|2[0-3])[:.]?([0-5]\d)$/;

/** A typed 24-hour time as "HH:MM", or null when it is not one ("9am", "25:00", "17:3"). */
export function readClockTime(text: string): LocalTime | null {
  const match = CLOCK.exec(text.trim());
  if (!match) return null;
  return `${match[1].padStart(2, "0")}:${match[2]}`;
}

/** A form's time of day: a 24-hour time, kept as "HH:MM" (conform leaves a blank field out before this runs). */
export function clockTimeField(message: string) {
  return z
    .string({ error: message })
    .transform((value) => readClockTime(value) ?? value)
    .pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, message));
}
