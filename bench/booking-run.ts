/**
 * `npx tsx bench/booking-run.ts`: the booking benchmark on its own (issue 4): the production server on
 * the 500-tutor dataset, with the local fake Stripe, then each booking step's critical path and 300
 * bookings of distinct times, 50 at a time. Prints markdown for docs/benchmarks.md.
 */
import { DateTime } from "luxon";
import { startFakeStripe } from "../dev/fake-stripe";
import { startFakeResend } from "../tests/fakes/resend";
import { assertPortFree, startApp, type BenchApp } from "./app-server";
import { bookingTable, measureBooking } from "./booking";
import { BENCH_TUTORS } from "./seed-large";

const PORT = Number(process.env.BENCH_PORT ?? 3210);

await assertPortFree(PORT);
const resend = await startFakeResend(0);
const stripe = await startFakeStripe({ port: 0, webhookSecret: "whsec_bench" });
let app: BenchApp | undefined;
try {
  app = await startApp({ port: PORT, resendUrl: resend.url, stripeUrl: stripe.url });
  const nextWeek = DateTime.utc().plus({ weeks: 1 });
  const week = `${nextWeek.weekYear}-W${String(nextWeek.weekNumber).padStart(2, "0")}`;
  const tutorIds = Array.from({ length: BENCH_TUTORS }, (_, index) => `bench-tutor-${index + 1}`);
  const { paths, load } = await measureBooking(app.url, tutorIds, week, (line) => console.error(line));
  app.assertAlive();
  console.log("| booking step | HTML (gzip) | CSS (gzip) | critical path | budget 14 KB |");
  console.log("|---|---:|---:|---:|---|");
  for (const row of paths) {
    const total = row.htmlBytes + row.cssBytes;
    console.log(
      `| ${row.page} | ${(row.htmlBytes / 1024).toFixed(1)} KB | ${(row.cssBytes / 1024).toFixed(1)} KB | ${(total / 1024).toFixed(1)} KB | ${total <= 14 * 1024 ? "✓" : "✗"} |`,
    );
  }
  console.log("");
  console.log(bookingTable(load));
} finally {
  await app?.stop();
  await stripe.close();
  await resend.close();
}
