import { z } from "zod";
import { LocalDateField } from "~/domain/time/calendar-input";
import { clockTimeField } from "~/domain/time/clock-input";
import type { WeeklyWindow } from "./rules";

/** Rows offered per weekday on the weekly-schedule form (blank rows are ignored). */
export const ROWS_PER_DAY = 3;
export const WEEKDAYS = [
  { weekday: 1, label: "Monday" },
  { weekday: 2, label: "Tuesday" },
  { weekday: 3, label: "Wednesday" },
  { weekday: 4, label: "Thursday" },
  { weekday: 5, label: "Friday" },
  { weekday: 6, label: "Saturday" },
  { weekday: 7, label: "Sunday" },
] as const;

export function windowFieldName(weekday: number, row: number, edge: "start" | "end"): string {
  return `w${weekday}r${row}${edge}`;
}

// 24-hour only ("9:00" and "0900" are read as 09:00; "9am" is refused): see clock-input.ts.
const TimeField = clockTimeField("Use a time like 09:00.").optional();

const shape: Record<string, typeof TimeField> = {};
for (const { weekday } of WEEKDAYS) {
  for (let row = 0; row < ROWS_PER_DAY; row++) {
    shape[windowFieldName(weekday, row, "start")] = TimeField;
    shape[windowFieldName(weekday, row, "end")] = TimeField;
  }
}

export const WEEKLY_FIELD_NAMES = Object.keys(shape);

/**
 * The weekly-schedule form: up to three start/end pairs per weekday. A row with only one of the two
 * times is an error on the missing one; blank rows are dropped.
 */
export const WeeklyScheduleSchema = z.object(shape).transform((values, context): WeeklyWindow[] => {
  const windows: WeeklyWindow[] = [];
  for (const { weekday } of WEEKDAYS) {
    for (let row = 0; row < ROWS_PER_DAY; row++) {
      const startName = windowFieldName(weekday, row, "start");
      const endName = windowFieldName(weekday, row, "end");
      const start = values[startName];
      const end = values[endName];
      if (!start && !end) continue;
      if (!start || !end) {
        context.addIssue({ code: "custom", path: [start ? endName : startName], message: start ? "Add the end time." : "Add the start time." });
        continue;
      }
      windows.push({ weekday: weekday as WeeklyWindow["weekday"], start, end });
    }
  }
  return windows;
});

/** Default form values from stored windows (first three per weekday). */
export function scheduleFormValues(windows: WeeklyWindow[]): Record<string, string> {
  const values: Record<string, string> = {};
  const used = new Map<number, number>();
  for (const window of windows) {
    const row = used.get(window.weekday) ?? 0;
    if (row >= ROWS_PER_DAY) continue;
    used.set(window.weekday, row + 1);
    values[windowFieldName(window.weekday, row, "start")] = window.start;
    values[windowFieldName(window.weekday, row, "end")] = window.end;
  }
  return values;
}

export const ExceptionSchema = z
  .object({
    date: LocalDateField,
    kind: z.enum(["BLOCKED", "HOURS"], { error: "Choose a day off or different hours." }),
    start: TimeField,
    end: TimeField,
  })
  .superRefine((value, context) => {
    if (value.kind !== "HOURS") return;
    if (!value.start) context.addIssue({ code: "custom", path: ["start"], message: "Add the start time." });
    if (!value.end) context.addIssue({ code: "custom", path: ["end"], message: "Add the end time." });
  });
