import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { characterCount, CompletionNotesSchema, normaliseNotes, NotesFormSchema, TutorNotesSchema } from "./forms";

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
};

describe("notes forms", () => {
  it("keeps plain text as written, trimmed, with one kind of line ending", () => {
    const result = parseWithZod(form({ intent: "tutor-notes", tutorNotes: "  <b>Fractions</b>\r\nHomework: 4.2  " }), { schema: TutorNotesSchema });
    expect(result.status === "success" && result.value.tutorNotes).toBe("<b>Fractions</b>\nHomework: 4.2");
  });

  it("accepts exactly 2,000 characters of tutor notes and refuses 2,001 with the count", () => {
    expect(parseWithZod(form({ intent: "tutor-notes", tutorNotes: "a".repeat(2000) }), { schema: TutorNotesSchema }).status).toBe("success");
    const refused = parseWithZod(form({ intent: "tutor-notes", tutorNotes: "a".repeat(2001) }), { schema: TutorNotesSchema });
    expect(refused.status).toBe("error");
    expect(refused.reply().error).toEqual({ tutorNotes: ["Write at most 2,000 characters (this has 2,001)."] });
  });

  it("counts characters as the database does: an emoji is one, a CRLF is one", () => {
    expect(characterCount("😀".repeat(1000))).toBe(1000);
    expect(parseWithZod(form({ intent: "completion-notes", seatId: "s", completionNotes: "😀".repeat(1000) }), { schema: CompletionNotesSchema }).status).toBe("success");
    expect(normaliseNotes("a\r\nb\rc")).toBe("a\nb\nc");
    const lines = "x\r\n".repeat(500); // 500 letters and 499 line breaks once trimmed
    expect(parseWithZod(form({ intent: "completion-notes", seatId: "s", completionNotes: lines }), { schema: CompletionNotesSchema }).status).toBe("success");
  });

  it("refuses 1,001 characters of completion notes beside the field", () => {
    const refused = parseWithZod(form({ intent: "completion-notes", seatId: "s", completionNotes: "b".repeat(1001) }), { schema: CompletionNotesSchema });
    expect(refused.reply().error).toEqual({ completionNotes: ["Write at most 1,000 characters (this has 1,001)."] });
  });

  it("a blank field clears the notes; the union picks the form by its intent", () => {
    const cleared = parseWithZod(form({ intent: "tutor-notes", tutorNotes: "" }), { schema: NotesFormSchema });
    expect(cleared.status === "success" && cleared.value).toEqual({ intent: "tutor-notes", tutorNotes: "" });
    const seat = parseWithZod(form({ intent: "completion-notes", seatId: "seat-1", completionNotes: "Thank you!" }), { schema: NotesFormSchema });
    expect(seat.status === "success" && seat.value).toEqual({ intent: "completion-notes", seatId: "seat-1", completionNotes: "Thank you!" });
  });
});
