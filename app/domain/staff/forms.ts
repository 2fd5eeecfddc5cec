import { z } from "zod";
import { plainTextField } from "~/domain/shared/plain-text";

/*
 * The staff session page's forms (docs/decisions/027): an admin note, a mismatch flag and its
 * resolution. Plain text, trimmed, counted in code points like the database's CHECKs
 * (migration 20261207130000_staff_session_page).
 */

export const ADMIN_NOTE_MAX = 2000;
export const MISMATCH_NOTE_MIN = 10;
export const MISMATCH_NOTE_MAX = 2000;

export const MISMATCH_KINDS = [
  { value: "wrong_tutor", label: "The wrong tutor came" },
  { value: "wrong_student", label: "The wrong student was assigned" },
  { value: "other", label: "Something else" },
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number]["value"];

export function mismatchKindLabel(kind: string): string {
  return MISMATCH_KINDS.find((candidate) => candidate.value === kind)?.label ?? "Something else";
}

export const AdminNoteSchema = z.object({
  intent: z.literal("note"),
  body: plainTextField({ min: 1, max: ADMIN_NOTE_MAX, tooShort: "Write the note." }),
});

export const FlagMismatchSchema = z.object({
  intent: z.literal("flag"),
  kind: z.enum(MISMATCH_KINDS.map((kind) => kind.value) as [MismatchKind, ...MismatchKind[]], { error: "Choose what went wrong." }),
  note: plainTextField({ min: MISMATCH_NOTE_MIN, max: MISMATCH_NOTE_MAX, tooShort: "Say what happened" }),
});

export const ResolveMismatchSchema = z.object({
  intent: z.literal("resolve-flag"),
  flagId: z.string({ error: "Reload the page and try again." }).min(1, "Reload the page and try again."),
  resolution: plainTextField({ min: MISMATCH_NOTE_MIN, max: MISMATCH_NOTE_MAX, tooShort: "Say how it was resolved" }),
});

export type AdminNoteInput = z.output<typeof AdminNoteSchema>;
export type FlagMismatchInput = z.output<typeof FlagMismatchSchema>;
export type ResolveMismatchInput = z.output<typeof ResolveMismatchSchema>;
