/**
 * Booking under load (issue 4): the critical path of each booking step, and the booking POST itself
 * with 50 clients at once, each booking a different tutor's time (distinct times) as a different
 * student, all the way to the Checkout redirect from the local fake Stripe.
 */
import { criticalPath, request, type CriticalPath } from "./measure";

export type BookingLoad = {
  clients: number;
  attempts: number;
  booked: number;
  refused: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  max: number;
};

const CLIENTS = 50;
const BOOKINGS = 300;

/** Signs up a student through the real form; returns the session cookie. */
async function signUpStudent(baseUrl: string, n: number): Promise<string> {
  const response = await request(`${baseUrl}/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({
      name: `Load Student ${n}`,
      email: `load.student${n}.${Date.now()}@tutordesk.test`,
      password: "a long bench password",
      timezone: "Europe/London",
      role: "STUDENT",
    }).toString(),
  });
  const session = (response.headers["set-cookie"] ?? []).find((cookie) => cookie.startsWith("td_session="));
  if (response.status !== 302 || !session) throw new Error(`signing up a load student gave ${response.status}`);
  return session.split(";")[0];
}

/** The first bookable time on a tutor's page next week, as its booking link's search string. */
async function firstTime(baseUrl: string, tutorId: string, week: string): Promise<string | null> {
  const page = await request(`${baseUrl}/tutors/${tutorId}?week=${week}&tz=UTC`);
  const href = page.body.toString("utf8").match(/href="\/book\/[^"?]+\?(start=[^"]+)"/)?.[1];
  return href ? href.replace(/&amp;/g, "&") : null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function measureBooking(baseUrl: string, tutorIds: string[], week: string, log: (line: string) => void): Promise<{ paths: CriticalPath[]; load: BookingLoad }> {
  log(`Booking: finding ${BOOKINGS} free times and signing up ${BOOKINGS} students…`);
  const targets: { tutorId: string; search: string; cookie: string; studentId: string }[] = [];
  for (const tutorId of tutorIds) {
    if (targets.length >= BOOKINGS) break;
    const search = await firstTime(baseUrl, tutorId, week);
    if (!search) continue;
    const cookie = await signUpStudent(baseUrl, targets.length);
    // The student's own id is the one option of "Who is this session for?" on the details step.
    const details = await request(`${baseUrl}/book/${tutorId}?${search}`, { headers: { Cookie: cookie } });
    const studentId = details.body.toString("utf8").match(/<option value="([^"]+)"[^>]*>[^<]*\(me\)<\/option>/)?.[1];
    if (details.status !== 200 || !studentId) throw new Error(`the details step for ${tutorId} gave ${details.status}`);
    targets.push({ tutorId, search, cookie, studentId });
  }
  if (targets.length === 0) throw new Error("no bookable times found for the booking benchmark");

  const first = targets[0];
  const subject = "Maths";
  const form = (target: (typeof targets)[number], subjectName: string) => {
    const params = new URLSearchParams(target.search);
    return new URLSearchParams({ start: params.get("start")!, duration: "30", student: target.studentId, subject: subjectName, meetingType: "VIDEO" });
  };
  // Each bench tutor teaches one of four subject pairs; ask the details page which ones.
  const subjectsOf = async (target: (typeof targets)[number]) => {
    const html = (await request(`${baseUrl}/book/${target.tutorId}?${target.search}`, { headers: { Cookie: target.cookie } })).body.toString("utf8");
    const select = html.match(/<select[^>]*name="subject"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? "";
    return [...select.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]).filter(Boolean);
  };
  const paths = [
    await criticalPath(baseUrl, `/book/${first.tutorId}?${first.search}`, first.cookie),
    await criticalPath(baseUrl, `/book/${first.tutorId}/review?${form(first, (await subjectsOf(first))[0] ?? subject)}`, first.cookie),
  ].map((row, index) => ({ ...row, page: index === 0 ? "/book/:tutor (details step)" : "/book/:tutor/review (review step)" }));

  const bodies = await Promise.all(targets.map(async (target) => form(target, (await subjectsOf(target))[0] ?? subject).toString()));
  log(`Booking: ${targets.length} bookings of distinct times, ${CLIENTS} at a time…`);
  const latencies: number[] = [];
  let booked = 0;
  let refused = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < targets.length) {
        const index = next++;
        const target = targets[index];
        const begin = performance.now();
        const response = await request(`${baseUrl}/book/${target.tutorId}/review`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Cookie: target.cookie },
          body: bodies[index],
        });
        latencies.push(performance.now() - begin);
        // 303 to Checkout is a held seat; 409 is a clear refusal; anything else is a failure.
        if (response.status === 303 && String(response.headers.location).includes("/checkout/")) booked += 1;
        else if (response.status === 409) refused += 1;
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    paths,
    load: {
      clients: CLIENTS,
      attempts: targets.length,
      booked,
      refused,
      failed,
      seconds: round(seconds),
      perSecond: round(booked / seconds),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}

export function bookingTable(load: BookingLoad): string {
  return [
    "| clients | bookings tried | held (303 to Checkout) | refused (409) | failed | seconds | bookings/s | p50 ms | p95 ms | max ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${load.clients} | ${load.attempts} | ${load.booked} | ${load.refused} | ${load.failed} | ${load.seconds} | ${load.perSecond} | ${load.p50} | ${load.p95} | ${load.max} |`,
  ].join("\n");
}
