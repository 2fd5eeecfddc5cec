/** The reschedule messages, one module each; this index keeps the import path the services use. */
export { rescheduleClosedEmail } from "./reschedule-closed";
export { rescheduleProposedEmail } from "./reschedule-proposed";
