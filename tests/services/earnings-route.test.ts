import { describe, expect, it } from "vitest";
import { loader as payrollLoader } from "../../app/routes/admin.payroll";
import { loader as earningsLoader } from "../../app/routes/tutor.earnings";
import { createTutor, createUser, useFixedClock } from "../factories";
import { callRoute } from "./route-fixtures";
import { utc } from "./session-fixtures";

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
