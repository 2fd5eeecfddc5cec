/** Runs the fake Resend as its own process (Playwright starts it as a web server). */
import { startFakeResend } from "./resend";

const fake = await startFakeResend(Number(process.env.FAKE_RESEND_PORT ?? 4010));
console.log(`fake Resend on ${fake.url}`);
