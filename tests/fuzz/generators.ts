/**
 * The fuzz test's input generators: a seeded PRNG and the mutations it applies to query values, path
 * segments and form fields. Pure functions of the PRNG, so one seed always gives the same inputs.
 */

/** mulberry32: small, fast, and the same sequence on every platform for one seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)];
  }
  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][1];
  }
  /** Letters and digits, like an id. */
  word(length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < length; i += 1) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** Out-of-range, impossible and malformed calendar dates (the `date`/`day`/`start` kind of field). */
export const BAD_DATES = [
  "9999-12-31",
  "+275760-09-13",
  "+275760-09-14",
  "-271821-04-19",
  "0000-00-00",
  "0000-01-01",
  "0001-01-01",
  "2026-02-30",
  "2027-02-29",
  "2027-13-01",
  "2026-00-10",
  "2026-04-31",
  "2026-1-1",
  "10000-01-01",
  "1969-12-31",
  "2026-12-32",
  "99999-12-31",
  "2026-02-28T",
];

/** Instants: dates with times, at and past the edges of what Date and PostgreSQL hold. */
export const BAD_DATETIMES = [
  "9999-12-31T23:59",
  "9999-12-31T23:59:59.999Z",
  "+275760-09-13T00:00:00.000Z",
  "+275760-09-13T00:00:00.001Z",
  "-271821-04-20T00:00:00.000Z",
  "0000-01-01T00:00:00Z",
  "2026-02-30T10:00",
  "2027-13-01T10:00:00Z",
  "2026-06-01T25:61",
  "2026-06-01T10:00:00+99:00",
  "1970-01-01T00:00:00Z",
  "Infinity",
  "-Infinity",
  "NaN",
  "8640000000000000",
  "2026-06-01T10:00:00.000000000001Z",
];

/** ISO week ids (`2026-W05`) out of range or malformed. */
export const BAD_WEEKS = [
  "9999-W52",
  "9999-W53",
  "+275760-W01",
  "0000-W01",
  "0001-W01",
  "2026-W00",
  "2026-W54",
  "2026-W99",
  "2026-W5",
  "2026-W-1",
  "2026-w10",
  "10000-W01",
  "1970-W01",
];

/** Times of day (`HH:MM` fields). */
export const BAD_TIMES = ["24:00", "23:60", "99:99", "-01:00", "7:5", "12:00:00", "25:00", "00:00", "23:59"];

export const BAD_NUMBERS = [
  "-1",
  "0",
  "-0",
  "1.5",
  "1e308",
  "-1e308",
  "1e-320",
  "9".repeat(400),
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "NaN",
  "Infinity",
  "0x10",
  "1_000",
  " 12 ",
  "١٢",
];

/** Values of the wrong type for any field. */
export const WRONG_TYPES = ["", " ", "true", "false", "null", "undefined", "[]", "{}", '{"a":1}', "[object Object]", "on", "off"];

/** Characters outside Latin-1 (emoji, a full-width space, RTL, combining marks), and lone surrogates. */
export const NON_LATIN1 = ["🙂", "\u3000", "\u202e", "e\u0301", "漢字", "\ufeff", "\u2028", "\ud800", "\udfff", "𝕏", "ß", "\uffff"];

/** Control characters other than NUL (tab, CR and LF are legitimate in text areas but not elsewhere). */
export const CONTROLS = ["\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f", "\r\n", "\t", "\u0085"];

/** Things that look like paths or escapes: open redirects, traversal, broken percent-encoding. */
export const PATHISH = [
  "//evil.example",
  "/\\evil.example",
  "https://evil.example/",
  "../../etc/passwd",
  "%",
  "%E0%A4%A",
  "%ZZ",
  "%00",
  "%u0000",
  "/%E3%80%80/x",
  "javascript:alert(1)",
];

export type Mutation = { name: string; apply: (value: string, random: Random) => string };

function insertAt(value: string, random: Random, piece: string): string {
  const at = random.int(value.length + 1);
  return value.slice(0, at) + piece + value.slice(at);
}

/** Every way one string value is mutated; the spec applies them to query values, path ids and form fields. */
export const VALUE_MUTATIONS: Mutation[] = [
  { name: "nul", apply: (value, random) => insertAt(value || "a", random, "\u0000") },
  { name: "only-nul", apply: () => "\u0000" },
  { name: "control", apply: (value, random) => insertAt(value, random, random.pick(CONTROLS)) },
  { name: "huge", apply: (value, random) => (value || "x").repeat(1 + random.int(3)) + random.pick(["a", "🙂", "1", " "]).repeat(random.pick([1_000, 10_000, 60_000])) },
  { name: "non-latin1", apply: (value, random) => insertAt(value, random, random.pick(NON_LATIN1)) },
  { name: "only-non-latin1", apply: (_value, random) => random.pick(NON_LATIN1) },
  { name: "bad-date", apply: (_value, random) => random.pick(BAD_DATES) },
  { name: "bad-datetime", apply: (_value, random) => random.pick(BAD_DATETIMES) },
  { name: "bad-week", apply: (_value, random) => random.pick(BAD_WEEKS) },
  { name: "bad-time", apply: (_value, random) => random.pick(BAD_TIMES) },
  { name: "bad-number", apply: (_value, random) => random.pick(BAD_NUMBERS) },
  { name: "wrong-type", apply: (_value, random) => random.pick(WRONG_TYPES) },
  { name: "pathish", apply: (_value, random) => random.pick(PATHISH) },
  { name: "empty", apply: () => "" },
  { name: "whitespace", apply: (value) => ` ${value} ` },
  { name: "truncate", apply: (value, random) => value.slice(0, random.int(Math.max(1, value.length))) },
  { name: "random-id", apply: (_value, random) => `c${random.word(24)}` },
  { name: "sql-ish", apply: (value) => `${value}'); DROP TABLE users; --` },
];

/** Mutations that keep the shape of the value (a date stays date-like) are chosen more often where the value has that shape. */
export function mutateValue(value: string, random: Random): { value: string; mutation: string } {
  const shaped: Mutation[] = [];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) shaped.push(VALUE_MUTATIONS.find((m) => m.name === "bad-date")!);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(decodeSafe(value))) shaped.push(VALUE_MUTATIONS.find((m) => m.name === "bad-datetime")!);
  if (/^\d{4}-W\d{2}$/.test(value)) shaped.push(VALUE_MUTATIONS.find((m) => m.name === "bad-week")!);
  if (/^\d{1,2}:\d{2}$/.test(value)) shaped.push(VALUE_MUTATIONS.find((m) => m.name === "bad-time")!);
  if (/^-?\d+(\.\d+)?$/.test(value)) shaped.push(VALUE_MUTATIONS.find((m) => m.name === "bad-number")!);
  const mutation = shaped.length > 0 && random.chance(0.5) ? random.pick(shaped) : random.pick(VALUE_MUTATIONS);
  return { value: mutation.apply(value, random), mutation: mutation.name };
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A path segment for an id: the value percent-encoded as a browser would, sometimes raw escapes. */
export function mutatePathSegment(value: string, random: Random): { segment: string; mutation: string } {
  const raw = random.weighted<() => { segment: string; mutation: string }>([
    [3, () => ({ segment: "%00", mutation: "nul" })],
    [2, () => ({ segment: `${value}%00`, mutation: "nul-suffix" })],
    [3, () => ({ segment: "%F0%9F%99%82", mutation: "emoji" })],
    [1, () => ({ segment: "%E3%80%80", mutation: "fullwidth-space" })],
    [1, () => ({ segment: "%E0%A4%A", mutation: "broken-escape" })],
    [1, () => ({ segment: "%", mutation: "lone-percent" })],
    [1, () => ({ segment: "%ED%A0%80", mutation: "encoded-surrogate" })],
    [1, () => ({ segment: "%C3%28", mutation: "invalid-utf8" })],
    [1, () => ({ segment: "%0D%0ALocation:%20x", mutation: "crlf" })],
    [
      6,
      () => {
        const mutated = mutateValue(value, random);
        return { segment: encodeComponent(mutated.value), mutation: mutated.mutation };
      },
    ],
  ]);
  return raw();
}

/** A URL-encoded string that is safe for any value, lone surrogates included (sent as raw bytes). */
export function encodeComponent(value: string): string {
  let out = "";
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate: the bytes of its (invalid) UTF-8 form, as a broken client would send them.
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(character);
    }
  }
  return out;
}

/** An application/x-www-form-urlencoded body from name/value pairs (repeated names allowed). */
export function urlEncoded(fields: [string, string][]): string {
  return fields.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join("&");
}

/** A multipart/form-data body from name/value pairs. */
export function multipart(fields: [string, string][], boundary: string): Buffer {
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n${value}\r\n`);
  return Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "utf8");
}

export type RawBody = { label: string; contentType: string | null; body: Buffer | string };

/** Bodies that are not a readable form: JSON, text, none, broken multipart, broken encodings. */
export function badBody(fields: [string, string][], random: Random): RawBody {
  const object = Object.fromEntries(fields);
  const boundary = `----fuzz${random.word(12)}`;
  const choices: (() => RawBody)[] = [
    () => ({ label: "json", contentType: "application/json", body: JSON.stringify(object) }),
    () => ({ label: "json-array", contentType: "application/json", body: JSON.stringify([object]) }),
    () => ({ label: "broken-json", contentType: "application/json", body: '{"intent": ' }),
    () => ({ label: "text-plain", contentType: "text/plain", body: fields.map(([name, value]) => `${name}=${value}`).join("\r\n") }),
    () => ({ label: "text-plain-utf8", contentType: "text/plain;charset=UTF-8", body: "hello\u0000🙂" }),
    () => ({ label: "no-content-type", contentType: null, body: urlEncoded(fields) }),
    () => ({ label: "no-content-type-empty", contentType: null, body: "" }),
    () => ({ label: "multipart-no-boundary", contentType: "multipart/form-data", body: multipart(fields, boundary) }),
    () => ({ label: "multipart-wrong-boundary", contentType: `multipart/form-data; boundary=${boundary}x`, body: multipart(fields, boundary) }),
    () => ({
      label: "multipart-truncated",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: multipart(fields, boundary).subarray(0, Math.max(10, random.int(200))),
    }),
    () => ({ label: "multipart-garbage", contentType: `multipart/form-data; boundary=${boundary}`, body: "this is not multipart at all" }),
    () => ({ label: "multipart-empty", contentType: `multipart/form-data; boundary=${boundary}`, body: "" }),
    () => ({
      label: "multipart-file",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `--${boundary}\r\nContent-Disposition: form-data; name="${fields[0]?.[0] ?? "intent"}"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--${boundary}--\r\n`,
    }),
    () => ({ label: "urlencoded-broken-escape", contentType: "application/x-www-form-urlencoded", body: `${urlEncoded(fields)}&x=%E0%A4%A&%ZZ=1` }),
    () => ({ label: "urlencoded-utf16", contentType: "application/x-www-form-urlencoded; charset=utf-16", body: urlEncoded(fields) }),
    () => ({ label: "urlencoded-binary", contentType: "application/x-www-form-urlencoded", body: Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0xc3, 0x28, 0x26, 0x00]) }),
    () => ({ label: "xml", contentType: "application/xml", body: "<form><intent>x</intent></form>" }),
    () => ({ label: "octet-stream", contentType: "application/octet-stream", body: Buffer.from([0, 1, 2, 3, 255]) }),
  ];
  return random.pick(choices)();
}

/** Malformed values for the app's cookies (signed ones, the zone chooser's), and a stale cookie of an older sign-in flow. */
export const COOKIE_NAMES = ["td_session", "td_flash", "td_zone", "td_code", "_totp"];
export const BAD_COOKIE_VALUES = [
  "%E0%A4%A",
  "%",
  "%ZZ",
  "%00",
  "%C3%28",
  "eyJ",
  "eyJmbGFzaCI6MX0%3D.bad",
  "e30%3D",
  "bnVsbA%3D%3D",
  "W10%3D",
  "InN0cmluZyI%3D",
  "x".repeat(4000),
  '"unterminated',
  "a=b=c",
  "🙂",
  "",
];

export function badCookie(random: Random): { header: string; label: string } {
  const count = 1 + random.int(2);
  const pairs: string[] = [];
  for (let i = 0; i < count; i += 1) pairs.push(`${random.pick(COOKIE_NAMES)}=${random.pick(BAD_COOKIE_VALUES)}`);
  // Not Latin-1 characters cannot go in a header at all: percent-encode them (a server must still cope).
  const header = pairs.join("; ").replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
  return { header, label: header.length > 80 ? `${header.slice(0, 77)}…` : header };
}

/** A short, printable description of a value for the failure list. */
export function summarise(value: string, max = 60): string {
  const printable = JSON.stringify(value).slice(1, -1);
  return printable.length > max ? `${printable.slice(0, max - 1)}…(${value.length} chars)` : printable;
}
