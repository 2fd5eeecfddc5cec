import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ErrorPageData } from "~/utils/http";

type RootData = { user: { home: string } | null } | undefined;

/** The heading says what kind of refusal it is, so a conflict never reads "Page not found". */
export function errorHeading(status: number): string {
  switch (status) {
    case 400:
      return "That request was not valid";
    case 401:
      return "Please sign in";
    case 403:
      return "Not allowed";
    case 404:
      return "Page not found";
    case 405:
      return "That request was not valid";
    case 409:
      return "This changed meanwhile";
    case 429:
      return "Too many attempts";
    default:
      return "Something went wrong";
  }
}

/** The message of a thrown Response: errorPage's JSON, a plain string, or nothing worth showing. */
function detailOf(data: unknown): ErrorPageData | null {
  if (typeof data === "string") {
    // Remix's own text for an unknown URL ("Error: No route matches URL …") is not for people.
    return data.trim() === "" || data.startsWith("Error: ") ? null : { message: data };
  }
  if (data && typeof data === "object" && typeof (data as ErrorPageData).message === "string") return data as ErrorPageData;
  return null;
}

const DEFAULT_DETAIL: Record<number, string> = {
  404: "There is nothing here, or it is not yours to see. Check the address, or start again from your home page.",
  403: "Your account cannot open this page.",
  500: "We could not finish that. Nothing was changed; please try again.",
};

/**
 * Every route's error boundary (`export { RouteErrorBoundary as ErrorBoundary }`): rendered inside
 * the layout, so the header stays, with a heading that matches the status, the reason, and links back.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as RootData;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) ? detailOf(error.data) : null;
  const message = detail?.message ?? DEFAULT_DETAIL[status] ?? DEFAULT_DETAIL[500];
  const home = root?.user?.home ?? "/";
  return (
    <div className="mx-auto max-w-xl py-4">
      <h1 className="mb-2 text-2xl font-bold">{errorHeading(status)}</h1>
      <p className="mb-4 text-slate-700">{message}</p>
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        {detail?.back ? (
          <li>
            <Link to={detail.back.to}>← {detail.back.label}</Link>
          </li>
        ) : null}
        <li>
          <Link to={home}>{root?.user ? "Back to your home page" : "Back to Tutordesk"}</Link>
        </li>
      </ul>
    </div>
  );
}
