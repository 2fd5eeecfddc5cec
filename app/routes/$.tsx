import type { MetaFunction } from "@remix-run/node";
import { errorPage } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Page not found · Tutordesk" }];

const NOTHING_HERE = "There is no page at this address. Check it for typos, or start again from your home page.";

/**
 * Any address no other route answers: a 404 rendered inside the layout (the header shows who is
 * signed in), instead of the root's bare "No route matches URL".
 */
export function loader(): never {
  throw errorPage(404, NOTHING_HERE);
}

export function action(): never {
  throw errorPage(404, NOTHING_HERE);
}

export default function NotFound() {
  return null;
}
