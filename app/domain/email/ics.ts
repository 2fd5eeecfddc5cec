/**
 * One-event iCalendar files (RFC 5545) for booking emails. Pure: every time, including DTSTAMP, is
 * passed in, so the same booking always renders the same bytes.
 */

export type CalendarEvent = {
  /** Stable per booking, e.g. "<participantId>@tutordesk"; calendars match updates by it. */
  uid: string;
  /** Bump when the event changes (reschedule, cancel) so calendars replace the older copy. */
  sequence: number;
  method: "REQUEST" | "CANCEL";
  status: "CONFIRMED" | "CANCELLED";
  startsAt: Date;
  endsAt: Date;
  /** DTSTAMP: when this version of the event was produced. */
  stampedAt: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer?: { name: string; email: string };
};

export type IcsAttachment = { filename: string; contentType: string; contentBase64: string };

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

export function buildIcs(event: CalendarEvent): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`SEQUENCE must be a non-negative integer, got ${event.sequence}`);
  }
  if (event.endsAt.getTime() <= event.startsAt.getTime()) {
    throw new RangeError("An event must end after it starts");
  }

  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Tutordesk//Bookings//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method}`,
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${formatUtc(event.stampedAt)}`,
    `DTSTART:${formatUtc(event.startsAt)}`,
    `DTEND:${formatUtc(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${uriValue(event.url)}`);
  if (event.organizer) {
    const { name, email } = event.organizer;
    lines.push(`ORGANIZER;CN=${paramValue(name)}:mailto:${uriValue(email)}`);
  }
  lines.push(`STATUS:${event.status}`, "END:VEVENT", "END:VCALENDAR");

  return lines.map(foldLine).join(CRLF) + CRLF;
}

export function icsAttachment(event: CalendarEvent): IcsAttachment {
  return {
    filename: event.method === "CANCEL" ? "cancelled-session.ics" : "session.ics",
    contentType: `text/calendar; charset=utf-8; method=${event.method}`,
    contentBase64: base64(encoder.encode(buildIcs(event))),
  };
}

/** UTC in the basic format, "20261201T140000Z". */
export function formatUtc(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError("Invalid date in calendar event");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} cannot be written in iCalendar`);
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(year, 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` + `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** TEXT values: backslash first, then `;` and `,`; every kind of line break becomes `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Parameter values cannot be backslash-escaped: RFC 6868 carets encode `^`, line breaks and `"`,
 * and the value is quoted when it holds `:`, `;` or `,` (all common in names like "Lopez, Maria").
 */
function paramValue(value: string): string {
  const encoded = value
    .replace(/\^/g, "^^")
    .replace(/\r\n|\r|\n/g, "^n")
    .replace(/"/g, "^'")
    .replace(/[\u0000-\u001f\u007f]/g, "");
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/** URI values are not escaped, so anything that could end the line or add a property is removed. */
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\s]/g, "");
}

/**
 * Lines longer than 75 octets continue on the next line after CRLF + one space (the space counts
 * towards that line's 75). Splits fall between code points, so a UTF-8 character is never cut.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const octets = utf8Length(char);
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = "";
      currentOctets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utf8Length(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** btoa only takes Latin-1, so bytes go through it one char per byte; works in Node and browsers. */
function base64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
