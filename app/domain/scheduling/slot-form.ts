import { z } from "zod";
import { LocalDateField } from "~/domain/time/calendar-input";
import { clockTimeField } from "~/domain/time/clock-input";
import type { SlotInput } from "./rules";

// 24-hour only ("9:00" and "0900" are read as 09:00; "9am" is refused): see clock-input.ts.
const Time = clockTimeField("Enter a time like 09:00.");

/** The add/edit slot form. Capacity is asked only of groups; a 1:1 slot seats one. */
export const SlotFormSchema = z
  .object({
    date: LocalDateField,
    start: Time,
    end: Time,
    kind: z.enum(["ONE_TO_ONE", "GROUP"], { error: "Choose 1:1 or group." }),
    capacity: z.coerce.number({ error: "Enter the number of seats." }).int("Enter a whole number of seats.").optional(),
  })
  .superRefine((value, context) => {
    if (value.kind === "GROUP" && value.capacity === undefined) {
      context.addIssue({ code: "custom", path: ["capacity"], message: "Enter the number of seats (2 to 20)." });
    }
  })
  .transform((value): SlotInput => ({ ...value, capacity: value.capacity ?? 1 }));

export const SLOT_FORM_FIELDS = ["date", "start", "end", "kind", "capacity"] as const;
