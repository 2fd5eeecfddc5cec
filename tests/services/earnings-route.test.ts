import { describe, expect, it } from "vitest";
import { loader as payrollLoader } from "../../app/routes/admin.payroll";
import { loader as payrollCsvLoader } from "../../app/routes/admin.payroll[.]csv";
import { confirmHours } from "../../app/services/hours-confirmations.server";
import { loader as earningsLoader } from "../../app/routes/tutor.earnings";
import { createTutor, createUser, noMeta, useFixedClock, withClockFrozenAt } from "../factories";
import { prisma } from "../../app/services/db.server";
import { callRoute } from "./route-fixtures";
import { checkedOutSession, utc } from "./session-fixtures";

// Who reaches the pay pages, and a bad period typed into the payroll's GET form.
useFixedClock();
const AT = utc("2031-03-03T12:00:00Z");

describe("the pay pages", () => {
  it("payroll is the admins' alone: coordinators and tutors are refused", async () => {
    const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    const tutor = await createTutor({ name: "Tutor Tess" });
    const open = (userId: string, query = "") => callRoute(payrollLoader, { userId, path: `/admin/payroll${query}`, params: {}, at: AT });
    expect((await open(coordinator.id)).status).toBe(403);
    expect((await open(tutor.id)).status).toBe(403);
    const fine = await open(admin.id);
    expect(fine.status).toBe(200);
    // The default period is the previous month in the admin's zone.
    expect((await fine.json()).typed).toEqual({ from: "2031-02-01", to: "2031-02-28" });
    const bad = await open(admin.id, "?from=2031-03-10&to=2031-03-01");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ typed: { from: "2031-03-10", to: "2031-03-01" }, errors: { to: ["The last day comes on or after the first."] }, rows: null });
  });

  it("exports the period as CSV: a header, decimal amounts, a name that could be a formula kept as text", async () => {
    const { tutor, parents, seatIds } = await checkedOutSession(["Ada"]);
    await prisma.user.update({ where: { id: tutor.id }, data: { name: "=HYPERLINK(evil)" } });
    await withClockFrozenAt(AT, () => confirmHours({ ...parents[0], timezone: "America/New_York" }, seatIds[0], {}, noMeta));
    const admin = await createUser({ roles: ["ADMIN"], timezone: "UTC" });
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    const path = "/admin/payroll.csv?from=2031-03-01&to=2031-03-31";
    expect((await callRoute(payrollCsvLoader, { userId: coordinator.id, path, params: {}, at: AT })).status).toBe(403);
    const response = await callRoute(payrollCsvLoader, { userId: admin.id, path, params: {}, at: AT });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="payroll-2031-03-01-to-2031-03-31.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A byte-order mark first (decoding drops it), so spreadsheets read the names as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\n")).toEqual([
      "tutor_id,tutor_name,tutor_email,period_from,period_to,time_zone,seats,currency,price_paid,earned",
      `${tutor.id},'=HYPERLINK(evil),${tutor.email},2031-03-01,2031-03-31,UTC,1,GBP,40.00,40.00`,
      "",
    ]);
    const bad = await callRoute(payrollCsvLoader, { userId: admin.id, path: "/admin/payroll.csv?from=2031-03-31&to=2031-03-01", params: {}, at: AT });
    expect([bad.status, bad.headers.get("location")]).toEqual([302, "/admin/payroll?from=2031-03-31&to=2031-03-01"]);
  });

  it("a tutor's earnings page is theirs: learners and coordinators who do not tutor are refused", async () => {
    const tutor = await createTutor({ name: "Tutor Tess" });
    const parent = await createUser({ roles: ["PARENT"], timezone: "UTC" });
    const coordinator = await createUser({ roles: ["COORDINATOR"], timezone: "UTC" });
    const open = (userId: string) => callRoute(earningsLoader, { userId, path: "/tutor/earnings", params: {}, at: AT });
    expect((await open(tutor.id)).status).toBe(200);
    expect((await open(parent.id)).status).toBe(403);
    expect((await open(coordinator.id)).status).toBe(403);
  });
});
