import { describe, expect, it } from "vitest";
import { runDueJobs } from "../../app/jobs/runner.server";
import { prisma } from "../../app/services/db.server";
import { operationsOverview } from "../../app/services/operations.server";
import { enqueueEmail } from "../../app/services/outbox.server";
import { createUser } from "../factories";

describe("operationsOverview", () => {
  it("counts people by role, emails by state and lists the latest job runs", async () => {
    await createUser({ roles: ["STUDENT"] });
    await createUser({ roles: ["STUDENT", "TUTOR"] });
    await createUser({ roles: ["ADMIN"] });
    const id = await enqueueEmail(prisma, { template: "t", to: { address: "x@example.test" }, subject: "s", text: "t", html: "h" });
    await enqueueEmail(prisma, { template: "t", to: { address: "y@example.test" }, subject: "s", text: "t", html: "h" });
    await prisma.emailMessage.update({ where: { id }, data: { status: "FAILED" } });
    await runDueJobs({ jobs: { sample: { intervalSeconds: 60, run: async () => ({ ok: true }) } } });

    const overview = await operationsOverview("Asia/Kathmandu");
    expect(overview.users).toEqual({ STUDENT: 2, PARENT: 0, TUTOR: 1, COORDINATOR: 0, ADMIN: 1 });
    expect(overview.outbox).toEqual({ PENDING: 1, SENT: 0, FAILED: 1 });
    expect(overview.runs).toMatchObject([{ job: "sample", status: "SUCCEEDED", error: null }]);
    expect(overview.runs[0].startedAt).toMatch(/^\d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}$/);
  });

  it("reports zeros on an empty database", async () => {
    expect(await operationsOverview("UTC")).toEqual({
      users: { STUDENT: 0, PARENT: 0, TUTOR: 0, COORDINATOR: 0, ADMIN: 0 },
      outbox: { PENDING: 0, SENT: 0, FAILED: 0 },
      runs: [],
      sessions: { checkOutMissing: 0, confirmationOverdue: 0, confirmationWindowHours: 48, tutorNoShows: 0, noShowDays: 7, openDisputes: 0, openMismatches: 0 },
    });
  });
});
