import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateWithCode } from "~/services/authenticator.server";

/**
 * The emailed sign-in link. It signs in only the browser that asked for the code (the code's secret
 * lives in that browser's cookie), so a mail scanner following the link changes nothing.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return authenticateWithCode(request);
}
