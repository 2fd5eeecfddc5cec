import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, formatUtc, icsAttachment, type CalendarEvent } from "./ics";

const event: CalendarEvent = {
  uid: "part_123@tutordesk",
  sequence: 0,
  method: "REQUEST",
  status: "CONFIRMED",
  startsAt: new Date("2026-12-01T14:00:00Z"),
  endsAt: new Date("2026-12-01T15:00:00Z"),
  stampedAt: new Date("2026-11-21T08:05:09Z"),
  summary: "Algebra with Maria Lopez",
  description: "Bring last week's worksheet",
  location: "12 High St, Room 3",
  url: "https://tutordesk.example/sessions/s_1",
  organizer: { name: "Maria Lopez", email: "maria@example.com" },
};

const octets = (text: string) => new TextEncoder().encode(text).length;
const unfold = (ics: string) => ics.replace(/\r\n /g, "");
/** Properties after unfolding, without the trailing empty string the final CRLF leaves. */
const properties = (ics: string) => unfold(ics).split("\r\n").slice(0, -1);

describe("formatUtc", () => {
  it.each([
    ["2026-12-01T14:00:00Z", "20261201T140000Z"],
    ["2026-03-29T01:30:05+01:00", "20260329T003005Z"],
    ["2026-11-23T09:00:00+05:45", "20261123T031500Z"],
    ["0999-01-02T03:04:05Z", "09990102T030405Z"],
  ])("%s → %s", (iso, expected) => {
    expect(formatUtc(new Date(iso))).toBe(expected);
  });

  it("refuses an invalid date", () => {
    expect(() => formatUtc(new Date("nope"))).toThrow(RangeError);
  });
});

describe("escapeText", () => {
  it.each([
    ["a\\b", "a\\\\b"],
    ["a;b", "a\\;b"],
    ["a,b", "a\\,b"],
    ["line 1\nline 2", "line 1\\nline 2"],
    ["line 1\r\nline 2\rline 3", "line 1\\nline 2\\nline 3"],
    ["C:\\path; x, y", "C:\\\\path\\; x\\, y"],
    ["colons: stay", "colons: stay"],
  ])("%j → %j", (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });
});

describe("foldLine", () => {
  it("leaves a 75-octet line alone and folds a 76-octet one", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });

  it("never puts more than 75 octets on a line, counting the leading space", () => {
    const folded = foldLine(`DESCRIPTION:${"y".repeat(300)}`);
    const lines = folded.split("\r\n");
    expect(lines.length).toBe(5);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(" ")).toBe(true);
  });

  it("never splits a multi-byte character", () => {
    const value = "Zoë Ångström — Élodie … 😀 ".repeat(8);
    const folded = foldLine(`SUMMARY:${value}`);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // A cut character would not survive the round trip through UTF-8 bytes.
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
      expect(line).not.toMatch(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/);
    }
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${value}`);
  });
});

describe("buildIcs", () => {
  it("writes a REQUEST calendar with every property in order", () => {
    expect(properties(buildIcs(event))).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Tutordesk//Bookings//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:REQUEST",
      "BEGIN:VEVENT",
      "UID:part_123@tutordesk",
      "SEQUENCE:0",
      "DTSTAMP:20261121T080509Z",
      "DTSTART:20261201T140000Z",
      "DTEND:20261201T150000Z",
      "SUMMARY:Algebra with Maria Lopez",
      "DESCRIPTION:Bring last week's worksheet",
      "LOCATION:12 High St\\, Room 3",
      "URL:https://tutordesk.example/sessions/s_1",
      "ORGANIZER;CN=Maria Lopez:mailto:maria@example.com",
      "STATUS:CONFIRMED",
      "END:VEVENT",
      "END:VCALENDAR",
    ]);
  });

  it("uses CRLF for every line break and ends with one", () => {
    const ics = buildIcs({ ...event, description: "one\ntwo\r\nthree", summary: "x".repeat(200) });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("leaves out optional properties that are not given", () => {
    const ics = buildIcs({ ...event, description: undefined, location: undefined, url: undefined, organizer: undefined });
    expect(ics).not.toMatch(/DESCRIPTION|LOCATION|URL|ORGANIZER/);
  });

  it("writes the CANCEL variant", () => {
    const ics = buildIcs({ ...event, method: "CANCEL", status: "CANCELLED", sequence: 2 });
    const lines = properties(ics);
    expect(lines).toContain("METHOD:CANCEL");
    expect(lines).toContain("STATUS:CANCELLED");
    expect(lines).toContain("SEQUENCE:2");
    expect(lines).toContain("UID:part_123@tutordesk");
  });

  it("escapes text values so they cannot add properties", () => {
    const ics = buildIcs({ ...event, summary: "Maths; Physics, more\nSTATUS:CANCELLED", description: "a\\b" });
    const lines = properties(ics);
    expect(lines).toContain("SUMMARY:Maths\\; Physics\\, more\\nSTATUS:CANCELLED");
    expect(lines).toContain("DESCRIPTION:a\\\\b");
    expect(lines.filter((line) => line.startsWith("STATUS:"))).toEqual(["STATUS:CONFIRMED"]);
  });

  it("quotes an organizer name holding separators and strips line breaks from URIs", () => {
    const ics = buildIcs({
      ...event,
      url: "https://tutordesk.example/s\r\nSTATUS:CANCELLED",
      organizer: { name: 'Lopez, Maria "Mia"', email: "maria@example.com\r\nX:1" },
    });
    const lines = properties(ics);
    expect(lines).toContain(`ORGANIZER;CN="Lopez, Maria ^'Mia^'":mailto:maria@example.comX:1`);
    expect(lines).toContain("URL:https://tutordesk.example/sSTATUS:CANCELLED");
    expect(lines.filter((line) => line.startsWith("STATUS:"))).toEqual(["STATUS:CONFIRMED"]);
  });

  it("folds long multi-byte values and unfolding gives the original value back", () => {
    const name = "Zoë Ångström — Élodie … ".repeat(6).trim();
    const description = `Session with ${name}; notes, part 1\nand part 2`;
    const ics = buildIcs({ ...event, summary: name, description, organizer: { name, email: "zoe@example.com" } });
    const physical = ics.split("\r\n").slice(0, -1);
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(physical.some((line) => line.startsWith(" "))).toBe(true);

    const lines = properties(ics);
    expect(lines).toContain(`SUMMARY:${name}`);
    expect(lines).toContain(`DESCRIPTION:${escapeText(description)}`);
    expect(lines).toContain(`ORGANIZER;CN=${name}:mailto:zoe@example.com`);
  });

  it("refuses an event that ends before it starts or a bad sequence", () => {
    expect(() => buildIcs({ ...event, endsAt: event.startsAt })).toThrow(RangeError);
    expect(() => buildIcs({ ...event, sequence: -1 })).toThrow(RangeError);
    expect(() => buildIcs({ ...event, sequence: 1.5 })).toThrow(RangeError);
  });
});

describe("icsAttachment", () => {
  it("names and types a REQUEST and base64-encodes the UTF-8 text", () => {
    const withAccents = { ...event, summary: "Zoë Ångström — Élodie" };
    const attachment = icsAttachment(withAccents);
    expect(attachment.filename).toBe("session.ics");
    expect(attachment.contentType).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(Buffer.from(attachment.contentBase64, "base64").toString("utf8")).toBe(buildIcs(withAccents));
  });

  it("names and types a CANCEL", () => {
    const attachment = icsAttachment({ ...event, method: "CANCEL", status: "CANCELLED", sequence: 1 });
    expect(attachment.filename).toBe("cancelled-session.ics");
    expect(attachment.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    expect(Buffer.from(attachment.contentBase64, "base64").toString("utf8")).toContain("METHOD:CANCEL\r\n");
  });
});
