import type { Role } from "~/domain/users/roles";

/** Someone acting: the signed-in user, or the person an emailed link was sent to. */
export type Actor = { id: string; name: string; roles: readonly Role[] };

/** Someone to tell: what an email needs. */
export type Person = { id: string; name: string; email: string; timezone: string };

export const PERSON_SELECT = { id: true, name: true, email: true, timezone: true } as const;
