import { describe, expect, it } from "vitest";
import { checkedInReply, LINK_CODE_ALPHABET, linkCodeFromBytes, normalizeLinkCode, parseCommand, tooManyAttemptsReply } from "./commands";

describe("parseCommand", () => {
  it.each([
    ["/checkin", { name: "checkin" }],
    ["  /checkin  ", { name: "checkin" }],
    ["/CheckIn", { name: "checkin" }],
    ["/checkin@TutordeskBot", { name: "checkin" }],
    ["/checkin@tutordeskbot", { name: "checkin" }],
    ["/checkin@OtherBot", { name: "unknown" }],
    ["/checkout", { name: "checkout" }],
    ["/start", { name: "help" }],
    ["/help", { name: "help" }],
    ["/unlink", { name: "unlink" }],
    ["/link K7M3QX9P", { name: "link", code: "K7M3QX9P" }],
    ["/link k7m3-qx9p", { name: "link", code: "K7M3QX9P" }],
    ["/link@TutordeskBot K7M3 QX9P", { name: "link", code: "K7M3QX9P" }],
    ["/link", { name: "link", code: null }],
    ["/link K7M3QX9", { name: "link", code: null }],
    ["/link K7M3QX9O", { name: "link", code: null }],
    ["hello", { name: "unknown" }],
    ["/dance", { name: "unknown" }],
    ["", { name: "unknown" }],
  ])("%j → %j", (text, expected) => {
    expect(parseCommand(text, "TutordeskBot")).toEqual(expected);
  });
});

describe("link codes", () => {
  it("normalizes what a person types, and refuses symbols that look alike", () => {
    expect(normalizeLinkCode(" abcd efgh ")).toBe("ABCDEFGH");
    expect(normalizeLinkCode("ABCDEFG1")).toBeNull();
    expect(normalizeLinkCode("ABCDEFGHJ")).toBeNull();
  });

  it("draws 8 symbols of the alphabet, skipping bytes past the last whole multiple (no bias)", () => {
    const bytes = [255, 248, 0, 1, 2, 3, 4, 5, 6, 30];
    const code = linkCodeFromBytes(() => bytes.shift()!);
    // 255 and 248 are past 248 = 8 × 31 and are drawn again.
    expect(code).toBe([0, 1, 2, 3, 4, 5, 6, 30].map((index) => LINK_CODE_ALPHABET[index]).join(""));
    expect(code).toHaveLength(8);
  });
});

describe("replies", () => {
  it("says the minutes late only when there are some", () => {
    expect(checkedInReply("15:30 (America/New_York)", 0)).toBe("Checked in at 15:30 (America/New_York).");
    expect(checkedInReply("15:32 (America/New_York)", 1)).toBe("Checked in at 15:32 (America/New_York), 1 minute late.");
    expect(checkedInReply("15:35 (America/New_York)", 5)).toBe("Checked in at 15:35 (America/New_York), 5 minutes late.");
  });

  it("rounds the wait up to whole minutes", () => {
    expect(tooManyAttemptsReply(1)).toBe("Too many codes tried from this chat. Try again in 1 minute.");
    expect(tooManyAttemptsReply(61)).toBe("Too many codes tried from this chat. Try again in 2 minutes.");
  });
});
