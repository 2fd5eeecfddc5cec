import { describe, expect, it } from "vitest";
import { CodeVerifySchema, SignUpSchema } from "./forms";

const valid = { name: "Ada Lovelace", email: " Ada@Example.com ", password: "correct horse battery", timezone: "Europe/London", role: "STUDENT" };

function errorsOf(input: Record<string, unknown>) {
  const result = SignUpSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("SignUpSchema", () => {
  it("accepts a complete sign-up and trims the email", () => {
    const result = SignUpSchema.parse(valid);
    expect(result.email).toBe("Ada@Example.com");
  });

  it.each([
    [{ email: "not-an-email" }, "email", "Enter an email address like name@example.com."],
    [{ email: `${"a".repeat(250)}@example.com` }, "email", "An email address has at most 254 characters."],
    [{ password: "short" }, "password", "Use at least 10 characters."],
    [{ name: "x".repeat(121) }, "name", "A name has at most 120 characters."],
    [{ name: "   " }, "name", "Enter a name."],
    [{ timezone: "Mars/Base" }, "timezone", "Choose a time zone from the list (for example Europe/London)."],
    [{ timezone: "EST" }, "timezone", "Choose a time zone from the list (for example Europe/London)."],
    [{ role: "ADMIN" }, "role", "Choose whether you are a student, a parent or a tutor."],
  ])("rejects %j with a message on %s", (override, field, message) => {
    expect(errorsOf({ ...valid, ...override })[field]).toBe(message);
  });
});

describe("CodeVerifySchema", () => {
  it.each([
    ["123456", true],
    [" 123456 ", true],
    ["123 456", true],
    ["123-456", true],
    ["12345", false],
    ["abcdef", false],
  ])("%s → %s", (code, ok) => {
    expect(CodeVerifySchema.safeParse({ code }).success).toBe(ok);
  });
});
