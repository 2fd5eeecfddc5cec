import { z } from "zod";

/*
 * Free text people write (notes, reports, a tutor's side, a coordinator's note): plain text, line
 * endings as one "\n", trimmed, and counted in code points as PostgreSQL's char_length counts them, so
 * a CHECK in the database and the message beside the field agree.
 */

/** Characters as PostgreSQL counts them (code points): an emoji is one, not two UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Line endings as one "\n", so a browser's "\r\n" does not count twice against the limit. */
export function normalisePlainText(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

/**
 * A required text field of `min` to `max` characters. `tooShort` says what to write; the length
 * messages name the count. Conform leaves an empty field out, hence the default.
 */
export function plainTextField(input: { min: number; max: number; tooShort: string }) {
  const { min, max, tooShort } = input;
  return z
    .string()
    .default("")
    .transform(normalisePlainText)
    .superRefine((text, context) => {
      const count = characterCount(text);
      if (count < min) context.addIssue({ code: "custom", message: count === 0 || min <= 1 ? tooShort : `${tooShort} (at least ${min} characters).` });
      else if (count > max) context.addIssue({ code: "custom", message: `Write at most ${max.toLocaleString("en")} characters (this has ${count.toLocaleString("en")}).` });
    });
}
