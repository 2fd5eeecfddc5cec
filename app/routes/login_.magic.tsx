import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { PageTitle } from "~/components/layout";
import { CodeNoLongerWorks } from "~/components/sign-in-code";
import { MagicLinkSchema } from "~/domain/users/forms";
import { homePathFor } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { describeLink, signInWithLink } from "~/services/sign-in-codes.server";
import { parseForm } from "~/utils/forms";
import { readFormData, redirect } from "~/utils/http";
import { signedInRedirect } from "~/utils/sign-in-redirect";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Sign in · Tutordesk" }];

/**
 * The emailed sign-in link. GET only shows whom it will sign in (mail scanners open links); the
 * button's POST uses it, once, and only in the browser that asked for the code.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  const token = new URL(args.request.url).searchParams.get("t") ?? "";
  const parsed = MagicLinkSchema.safeParse({ t: token });
  const link = parsed.success ? await describeLink(args.request, parsed.data.t) : null;
  if (!link || link.state === "unusable") {
    const otherBrowser = link?.state === "unusable" && link.otherBrowser === true;
    return json({ token: "", email: link?.email ?? null, redirectTo: link?.redirectTo ?? null, problem: link?.message ?? null, otherBrowser }, { status: 410 });
  }
  return json({ token, email: link.email, redirectTo: link.redirectTo, problem: null, otherBrowser: false });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request), MagicLinkSchema);
  if (!parsed.ok) return redirect("/login/magic", 303);
  const outcome = await signInWithLink(request, parsed.value.t, requestMeta(request));
  if (outcome.kind === "signed-in") return signedInRedirect(outcome);
  return redirect(`/login/magic?t=${encodeURIComponent(parsed.value.t)}`, 303);
}

export default function MagicLink() {
  const { token, email, redirectTo, problem, otherBrowser } = useLoaderData<typeof loader>();
  if (!token) {
    return (
      <CodeNoLongerWorks
        message={problem ?? "This sign-in link is incomplete: it may have been cut off when copied. Ask for a new code below."}
        email={email}
        redirectTo={redirectTo}
        otherBrowser={otherBrowser}
      />
    );
  }
  return (
    <div className="mx-auto max-w-sm">
      <PageTitle subtitle={`You asked to sign in as ${email}.`}>Sign in to Tutordesk</PageTitle>
      <Form method="post" className="space-y-4">
        <input type="hidden" name="t" value={token} />
        <SubmitButton>Sign in</SubmitButton>
      </Form>
    </div>
  );
}
