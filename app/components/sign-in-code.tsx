import { Form, Link } from "@remix-run/react";
import { SubmitButton } from "./forms";
import { PageTitle } from "./layout";

/**
 * What a browser sees when its code or link cannot sign it in (used, expired, too many wrong tries,
 * replaced by a newer code, or asked for elsewhere): why, and a form for a new code.
 */
export function CodeNoLongerWorks({
  message,
  email,
  redirectTo,
  otherBrowser = false,
}: {
  message: string;
  email: string | null;
  redirectTo: string | null;
  /** The code is fine, but this is not the browser that asked for it. */
  otherBrowser?: boolean;
}) {
  return (
    <div className="mx-auto max-w-sm">
      <PageTitle>{otherBrowser ? "Open this link in the browser that asked" : "This code can no longer be used"}</PageTitle>
      <p className="mb-4 text-slate-700" role="alert">
        {message}
      </p>
      <Form method="post" action="/login/code" className="space-y-3">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <div>
          <label htmlFor="new-code-email" className="mb-1 block text-sm font-medium">
            Email
          </label>
          <input
            id="new-code-email"
            name="email"
            type="email"
            required
            defaultValue={email ?? ""}
            autoComplete="email"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
          />
        </div>
        <SubmitButton>Email me a new code</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/login">Sign in with a password instead</Link>
      </p>
    </div>
  );
}
