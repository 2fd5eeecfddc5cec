import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { PayrollPeriodSchema } from "~/domain/pay/periods";
import { decimalAmount, neutraliseCell } from "~/domain/shared/csv-cells";
import { requireUser } from "~/services/auth.server";
import { getPayroll } from "~/services/earnings.server";
import { redirect } from "~/utils/http";

/** The columns of the payroll export, in order. */
const COLUMNS = ["tutor_id", "tutor_name", "tutor_email", "period_from", "period_to", "time_zone", "seats", "currency", "price_paid", "earned"] as const;

/**
 * The payroll for a period as CSV (admins only): one record a tutor and currency, amounts as decimals
 * with the currency beside them, names and emails kept from being read as spreadsheet formulas. A
 * period that is not valid goes back to the page, which says what is wrong.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "ADMIN" });
  const url = new URL(args.request.url);
  const parsed = PayrollPeriodSchema.safeParse({ from: url.searchParams.get("from") ?? "", to: url.searchParams.get("to") ?? "" });
  if (!parsed.success) throw redirect(`/admin/payroll${url.search}`);
  const rows = await getPayroll(user, parsed.data, user.timezone);
  const records = rows.map((row) => ({
    tutor_id: row.tutorId,
    tutor_name: neutraliseCell(row.name),
    tutor_email: neutraliseCell(row.email),
    period_from: parsed.data.from,
    period_to: parsed.data.to,
    time_zone: user.timezone,
    seats: String(row.entries),
    currency: row.currency,
    price_paid: decimalAmount(row.grossMinor),
    earned: decimalAmount(row.amountMinor),
  }));
  // A byte-order mark, so spreadsheets read names as UTF-8.
  const body = stringify(records, { header: true, columns: [...COLUMNS], bom: true });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payroll-${parsed.data.from}-to-${parsed.data.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
