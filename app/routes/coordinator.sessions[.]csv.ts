import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { DateTime } from "luxon";
import { requireUser } from "~/services/auth.server";
import { clock } from "~/services/clock.server";
import { operationsCsv } from "~/services/operations-list.server";
import { readOperationsRequest } from "~/utils/operations-query";
import { redirect } from "~/utils/http";

/**
 * The operations list's CSV export: the same filters as /coordinator/sessions (its "Export CSV" link
 * carries them), every matching session rather than one page, streamed as it is read.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "COORDINATOR" });
  const url = new URL(args.request.url);
  const { query } = readOperationsRequest(url, user.timezone);
  // Filters that are not valid: the list shows what is wrong beside each field.
  if (!query) throw redirect(`/coordinator/sessions${url.search}`);
  const stamp = DateTime.fromJSDate(clock.nowDate(), { zone: user.timezone }).toFormat("yyyy-LL-dd'T'HHmm");
  return new Response(createReadableStreamFromReadable(operationsCsv(user, query, user.timezone)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sessions-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
