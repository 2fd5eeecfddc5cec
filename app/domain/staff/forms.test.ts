import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { AdminNoteSchema, FlagMismatchSchema, mismatchKindLabel, ResolveMismatchSchema } from "./forms";

function parse(schema: Parameters<typeof parseWithZod>[1]["schema"], fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  const submission = parseWithZod(data, { schema });
  return submission.status === "success" ? { ok: true as const, value: submission.value } : { ok: false as const, errors: submission.reply().error ?? {} };
}

describe("the admin note form", () => {
  it.each([
    ["a", true],
    ["  Called the parent; all fine.  ", true],
    ["x".repeat(2000), true],
    ["😀".repeat(2000), true],
    ["x".repeat(2001), false],
    ["", false],
    ["   \r\n  ", false],
  ])("%j valid: %s", (body, valid) => {
    expect(parse(AdminNoteSchema, { intent: "note", body }).ok).toBe(valid);
  });

  it("trims and says what to write", () => {
    expect(parse(AdminNoteSchema, { intent: "note", body: "  hi\r\nthere " })).toMatchObject({ ok: true, value: { body: "hi\nthere" } });
    expect(parse(AdminNoteSchema, { intent: "note", body: "" })).toMatchObject({ ok: false, errors: { body: ["Write the note."] } });
    expect(parse(AdminNoteSchema, { intent: "note", body: "x".repeat(2001) })).toMatchObject({ ok: false, errors: { body: ["Write at most 2,000 characters (this has 2,001)."] } });
  });
});

describe("the mismatch flag form", () => {
  it.each([
    [{ kind: "wrong_tutor", note: "Tutor Tom came instead." }, true],
    [{ kind: "wrong_student", note: "1234567890" }, true],
    [{ kind: "other", note: "x".repeat(2000) }, true],
    [{ kind: "other", note: "too short" }, false],
    [{ kind: "nonsense", note: "Tutor Tom came instead." }, false],
    [{ kind: "", note: "Tutor Tom came instead." }, false],
    [{ kind: "other", note: "x".repeat(2001) }, false],
  ])("%j valid: %s", (fields, valid) => {
    expect(parse(FlagMismatchSchema, { intent: "flag", ...fields }).ok).toBe(valid);
  });

  it("names the fields in its messages", () => {
    expect(parse(FlagMismatchSchema, { intent: "flag", note: "short" })).toMatchObject({
      ok: false,
      errors: { kind: ["Choose what went wrong."], note: ["Say what happened (at least 10 characters)."] },
    });
    expect(mismatchKindLabel("wrong_tutor")).toBe("The wrong tutor came");
  });

  it("resolving takes the flag and a note of 10 to 2,000 characters", () => {
    expect(parse(ResolveMismatchSchema, { intent: "resolve-flag", flagId: "f1", resolution: "Swapped the tutor back." }).ok).toBe(true);
    expect(parse(ResolveMismatchSchema, { intent: "resolve-flag", flagId: "f1", resolution: "ok" })).toMatchObject({
      ok: false,
      errors: { resolution: ["Say how it was resolved (at least 10 characters)."] },
    });
    expect(parse(ResolveMismatchSchema, { intent: "resolve-flag", flagId: "", resolution: "Swapped the tutor back." }).ok).toBe(false);
  });
});
