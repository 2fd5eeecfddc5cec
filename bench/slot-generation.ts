/**
 * `npx tsx bench/slot-generation.ts`: times generateBookableTimes for one realistic tutor over the
 * 28-day horizon. Budget (DESIGN §11): median ≤ 1 ms on the project's 2-core machine.
 * Exits 0 even when the budget is missed (it is a measurement), printing the verdict.
 */
import { DateTime } from "luxon";
import { SCHEDULING_POLICY_DEFAULTS } from "../app/domain/policies/defaults";
import { generateBookableTimes, type BusyInterval, type DatedSlot } from "../app/domain/scheduling/bookable-times";
import type { WeeklyWindow } from "../app/domain/scheduling/rules";

const WARM_UP_RUNS = 300;
const MEASURED_RUNS = 2000;
const BUDGET_MEDIAN_MS = 1;
const ZONE = "America/New_York";
// A fixed Wednesday morning whose horizon crosses the November fall-back, so the DST path is measured too.
const now = DateTime.fromISO("2026-10-14T13:17:00Z");

const weekly: WeeklyWindow[] = [];
for (const weekday of [1, 2, 3, 4, 5] as const) {
  weekly.push({ weekday, start: "09:00", end: "12:00" }, { weekday, start: "14:00", end: "19:00" });
}
weekly.push({ weekday: 6, start: "10:00", end: "13:00" });

const local = (daysAhead: number, time: string) => DateTime.fromISO(`${now.setZone(ZONE).plus({ days: daysAhead }).toISODate()}T${time}`, { zone: ZONE });

// 20 booked sessions spread over the weeks, inside the tutor's hours.
const busy: BusyInterval[] = Array.from({ length: 20 }, (_, index) => {
  const start = local(1 + Math.floor(index * 1.35), index % 2 === 0 ? "10:00" : "15:30");
  return { startsAt: start.toJSDate(), endsAt: start.plus({ minutes: index % 3 === 0 ? 90 : 60 }).toJSDate() };
});

// 8 dated slots, mostly evenings and Sundays outside the weekly hours; two groups, one full.
const slots: DatedSlot[] = Array.from({ length: 8 }, (_, index) => {
  const start = local(2 + index * 3, index % 2 === 0 ? "19:30" : "16:00");
  const group = index % 3 === 0;
  return {
    id: `slot-${index}`,
    startsAt: start.toJSDate(),
    endsAt: start.plus({ minutes: 60 }).toJSDate(),
    kind: group ? "GROUP" : "ONE_TO_ONE",
    capacity: group ? 6 : 1,
    seatsTaken: index === 3 ? 6 : index % 2,
  };
});

const input = {
  zone: ZONE,
  weekly,
  exceptions: [],
  slots,
  busy,
  durations: [30, 60, 90],
  bufferMinutes: 10,
  policy: SCHEDULING_POLICY_DEFAULTS,
  now,
};

let count = 0;
for (let run = 0; run < WARM_UP_RUNS; run++) count = generateBookableTimes(input).length;

const timings: number[] = [];
for (let run = 0; run < MEASURED_RUNS; run++) {
  const started = performance.now();
  generateBookableTimes(input);
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
const percentile = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))];
const median = percentile(50);

console.log(`generateBookableTimes: ${count} bookable times, ${MEASURED_RUNS} runs after ${WARM_UP_RUNS} warm-up runs`);
console.log(`median ${median.toFixed(3)} ms, p95 ${percentile(95).toFixed(3)} ms, max ${timings[timings.length - 1].toFixed(3)} ms`);
console.log(median <= BUDGET_MEDIAN_MS ? `within budget (median ≤ ${BUDGET_MEDIAN_MS} ms)` : `OVER BUDGET (median > ${BUDGET_MEDIAN_MS} ms)`);
