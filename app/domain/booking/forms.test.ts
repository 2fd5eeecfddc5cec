import { describe, expect, it } from "vitest";
import { BookingDetailsSchema, bookingDetailsToSearch, meetingTypeLabel } from "./forms";

const valid = { start: "2026-11-24T09:00:00.000Z", duration: "60", student: "s1", subject: "Algebra", meetingType: "VIDEO" };

describe("booking details", () => {
  it("accepts a weekly time with a length", () => {
    const parsed = BookingDetailsSchema.safeParse(valid);
    expect(parsed.success && parsed.data.duration).toBe(60);
  });

  it("accepts a dated slot without a length", () => {
    expect(BookingDetailsSchema.safeParse({ ...valid, start: undefined, duration: undefined, slot: "slot1" }).success).toBe(true);
  });

  it("needs a place for an in-person session", () => {
    const parsed = BookingDetailsSchema.safeParse({ ...valid, meetingType: "IN_PERSON", location: "  " });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["location"] });
  });

  it("reports a missing place together with other mistakes", () => {
    const parsed = BookingDetailsSchema.safeParse({ ...valid, subject: "", meetingType: "IN_PERSON" });
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(expect.arrayContaining(["subject", "location"]));
  });

  it.each([
    [{ ...valid, start: undefined }, "Pick a time on the tutor's page first."],
    [{ ...valid, duration: undefined }, "Choose how long the session lasts."],
    [{ ...valid, meetingType: "CARRIER_PIGEON" }, "Choose how you will meet."],
    [{ ...valid, student: "" }, "Choose who the session is for."],
    [{ ...valid, start: "tomorrow" }, "That time is not valid. Go back to the tutor's page and pick a time."],
    // Issue 12: a hand-edited link's time outside 2000–2100 is refused here, before any query.
    [{ ...valid, start: "9999-12-31" }, "That time is not valid. Go back to the tutor's page and pick a time."],
    [{ ...valid, start: "9999-12-31T00:00:00.000Z" }, "That time is not valid. Go back to the tutor's page and pick a time."],
    [{ ...valid, start: "+275760-09-13T00:00" }, "That time is not valid. Go back to the tutor's page and pick a time."],
    [{ ...valid, start: "2026-02-30T09:00:00Z" }, "That time is not valid. Go back to the tutor's page and pick a time."],
  ])("refuses %o", (input, message) => {
    const parsed = BookingDetailsSchema.safeParse(input);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it("round-trips through the URL, leaving out empty fields", () => {
    const search = bookingDetailsToSearch({ ...valid, title: "", location: undefined });
    expect(search.toString()).toBe("start=2026-11-24T09%3A00%3A00.000Z&duration=60&student=s1&subject=Algebra&meetingType=VIDEO");
    expect(BookingDetailsSchema.safeParse(Object.fromEntries(search)).success).toBe(true);
  });

  it("names the meeting type, with the place when in person", () => {
    expect(meetingTypeLabel("IN_PERSON", "City Library")).toBe("In person at City Library");
    expect(meetingTypeLabel("VIDEO")).toBe("Video call");
  });
});
