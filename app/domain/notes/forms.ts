import { z } from "zod";
import { characterCount, normalisePlainText as normaliseNotes } from "~/domain/shared/plain-text";
import { COMPLETION_NOTES_MAX_LENGTH, TUTOR_NOTES_MAX_LENGTH } from "./access";

/*
 * The notes forms: plain text, trimmed, limited in characters (code points, as PostgreSQL's
 * char_length counts them, so the database's CHECK and this message agree). A blank field clears the
 * notes (conform leaves an empty field out, hence the default).
 */

export { characterCount, normalisePlainText as normaliseNotes } from "~/domain/shared/plain-text";

function notesField(max: number) {
  return z
    .string()
    .default("")
    .transform(normaliseNotes)
    .refine((text) => characterCount(text) <= max, {
      error: (issue) => `Write at most ${max.toLocaleString("en")} characters (this has ${characterCount(String(issue.input)).toLocaleString("en")}).`,
    });
}

export const TutorNotesSchema = z.object({ intent: z.literal("tutor-notes"), tutorNotes: notesField(TUTOR_NOTES_MAX_LENGTH) });
export const CompletionNotesSchema = z.object({
  intent: z.literal("completion-notes"),
  seatId: z.string({ error: "Reload the page and try again." }).min(1, "Reload the page and try again."),
  completionNotes: notesField(COMPLETION_NOTES_MAX_LENGTH),
});
export const NotesFormSchema = z.discriminatedUnion("intent", [TutorNotesSchema, CompletionNotesSchema]);
export type NotesFormInput = z.output<typeof NotesFormSchema>;
