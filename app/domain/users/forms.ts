import { z } from "zod";
import { isValidTimeZone } from "~/domain/time/zones";
import { normaliseCodeInput } from "~/domain/auth/sign-in-code";
import { SELF_SERVICE_ROLES } from "./roles";

export const EmailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter an email address like name@example.com." }));

export const NewPasswordField = z.string({ error: "Choose a password." }).min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters.");

export const NameField = z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "A name has at most 120 characters.");

export const TimeZoneField = z.string({ error: "Choose your time zone." }).refine(isValidTimeZone, "Choose a time zone from the list (for example Europe/London).");

/** A same-site path to return to after signing in; checked with safeRedirectPath where it is used. */
const RedirectToField = z.string().max(2000).optional();

export const SignUpSchema = z.object({
  name: NameField,
  email: EmailField,
  password: NewPasswordField,
  timezone: TimeZoneField,
  role: z.enum(SELF_SERVICE_ROLES, { error: "Choose whether you are a student, a parent or a tutor." }),
  redirectTo: RedirectToField,
});

export const SignInSchema = z.object({
  email: EmailField,
  password: z.string({ error: "Enter your password." }).max(200, "Use at most 200 characters."),
  redirectTo: RedirectToField,
});

export const CodeRequestSchema = z.object({ email: EmailField, redirectTo: RedirectToField });

export const CodeVerifySchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from the email." })
    .transform(normaliseCodeInput)
    .pipe(z.string().regex(/^\d{6}$/, "The code is 6 digits.")),
});

export const MagicLinkSchema = z.object({ t: z.string().min(1).max(200) });

export const ChildSchema = z.object({ name: NameField, email: EmailField, timezone: TimeZoneField });

export const ProfileSchema = z.object({ name: NameField, timezone: TimeZoneField });
