/** The replacement-tutor messages, one module each; this index keeps the import path the services use. */
export { replacementConfirmedEmail } from "./replacement-confirmed";
export type { ReplacementEmailSession } from "./replacement-session";
export { sessionAssignedEmail } from "./session-assigned";
export { sessionReleasedEmail } from "./session-released";
export { tutorCancelConfirmationEmail } from "./tutor-cancel-confirmation";
export { tutorCancelledEmail } from "./tutor-cancelled";
