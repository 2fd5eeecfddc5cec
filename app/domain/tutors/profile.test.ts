import { describe, expect, it } from "vitest";
import { formatPrice, parsePrice, parseSubjects, TutorProfileSchema } from "./profile";

describe("parsePrice", () => {
  it.each([
    ["45", 4500],
    ["45.5", 4550],
    ["45.50", 4550],
    ["45,05", 4505],
    [" 0.99 ", 99],
    ["45.555", null],
    ["-5", null],
    ["abc", null],
    ["", null],
    ["1234567", null],
  ])("%s → %s", (text, minor) => {
    expect(parsePrice(text)).toBe(minor);
  });
});

describe("formatPrice", () => {
  it("writes minor units as money", () => {
    expect(formatPrice(4550, "USD")).toBe("$45.50");
    expect(formatPrice(3000, "GBP")).toBe("£30.00");
  });
});

describe("parseSubjects", () => {
  it("trims, squeezes spaces and drops duplicates ignoring case", () => {
    expect(parseSubjects(" Maths,  Physics , maths,,Computer   science ")).toEqual(["Maths", "Physics", "Computer science"]);
  });
});

describe("TutorProfileSchema", () => {
  const valid = {
    subjects: "Maths, Physics",
    gradeLevels: ["HIGH", "UNIVERSITY"],
    hourlyRate: "45.50",
    currency: "USD",
    durations: ["30", "60"],
    bufferMinutes: "10",
    timezone: "America/New_York",
  };

  it("parses a complete profile", () => {
    expect(TutorProfileSchema.parse(valid)).toMatchObject({ subjects: ["Maths", "Physics"], hourlyRate: 4550, durations: [30, 60], bufferMinutes: 10, headline: "", bio: "" });
  });

  it("accepts a single checkbox value as a list", () => {
    expect(TutorProfileSchema.parse({ ...valid, gradeLevels: "HIGH", durations: "60" })).toMatchObject({ gradeLevels: ["HIGH"], durations: [60] });
  });

  it.each([
    [{ subjects: " , " }, "subjects", "List at least one subject you teach."],
    [{ hourlyRate: "0" }, "hourlyRate", "Enter a price above zero, like 45 or 45.50."],
    [{ hourlyRate: "12.345" }, "hourlyRate", "Enter a price above zero, like 45 or 45.50."],
    [{ currency: "XYZ" }, "currency", "Choose a currency from the list."],
    [{ durations: ["25"] }, "durations.0", "Choose lengths from the list."],
    [{ durations: undefined }, "durations", "Offer at least one session length."],
    [{ bufferMinutes: "500" }, "bufferMinutes", "Use 0 to 120 minutes."],
    [{ gradeLevels: ["KINDERGARTEN"] }, "gradeLevels.0", "Choose grade levels from the list."],
    [{ timezone: "Nowhere/Land" }, "timezone", "Choose a time zone from the list (for example Europe/London)."],
  ])("rejects %j", (override, path, message) => {
    const result = TutorProfileSchema.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((candidate) => candidate.path.join(".") === path);
    expect(issue?.message).toBe(message);
  });
});
