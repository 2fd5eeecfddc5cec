import { Link } from "@remix-run/react";
import { Card, EmptyState, Table } from "./layout";

type Overview = {
  users: Record<string, number>;
  outbox: { PENDING: number; SENT: number; FAILED: number };
  runs: { id: string; job: string; status: string; startedAt: string; error: string | null }[];
  sessions: {
    checkOutMissing: number;
    confirmationOverdue: number;
    confirmationWindowHours: number;
    tutorNoShows: number;
    noShowDays: number;
    openDisputes: number;
    openMismatches: number;
  };
};

export function OperationsOverview({ overview, timezone }: { overview: Overview; timezone: string }) {
  return (
    <>
      <div className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Students", overview.users.STUDENT],
          ["Parents", overview.users.PARENT],
          ["Tutors", overview.users.TUTOR],
          ["Emails waiting", overview.outbox.PENDING],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="text-sm text-slate-600">{label}</p>
            <p className="text-2xl font-semibold">{value}</p>
          </div>
        ))}
      </div>
      <ul aria-label="Sessions needing a look" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2">
        <li className="rounded-lg border border-slate-200 bg-white p-3">
          <Link to="/coordinator/discrepancies">
            Reported problems: <span className="font-semibold">{overview.sessions.openDisputes}</span>
          </Link>
          <p className="text-sm text-slate-600">Hours disputed by a parent or student, waiting for a coordinator's decision.</p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-3">
          <Link to="/coordinator/sessions?attention=mismatch-flagged">
            Mismatch flagged: <span className="font-semibold">{overview.sessions.openMismatches}</span>
          </Link>
          <p className="text-sm text-slate-600">
            Sessions where the wrong tutor came or the wrong student was assigned, open until a coordinator resolves them on the session's staff page.
          </p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-3">
          <Link to="/coordinator/sessions?attention=check-out-missing">
            Check-out missing: <span className="font-semibold">{overview.sessions.checkOutMissing}</span>
          </Link>
          <p className="text-sm text-slate-600">Checked in, no check-out 24 hours after the end.</p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-3">
          <Link to="/coordinator/sessions?attention=confirmation-overdue">
            Confirmation overdue: <span className="font-semibold">{overview.sessions.confirmationOverdue}</span>
          </Link>
          <p className="text-sm text-slate-600">
            No answer {overview.sessions.confirmationWindowHours} hours after the session: follow up with the parent, or confirm on their behalf.
          </p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-3">
          <Link to="/coordinator/sessions?status=NO_SHOW">
            No-show (tutor), last {overview.sessions.noShowDays} days: <span className="font-semibold">{overview.sessions.tutorNoShows}</span>
          </Link>
          <p className="text-sm text-slate-600">The tutor did not check in; learners refunded in full.</p>
        </li>
      </ul>
      {overview.outbox.FAILED > 0 ? (
        <p role="alert" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {overview.outbox.FAILED} email{overview.outbox.FAILED === 1 ? "" : "s"} could not be delivered after every retry.
        </p>
      ) : null}
      <Card title={`Recent background jobs (${timezone})`}>
        {overview.runs.length === 0 ? (
          <EmptyState>No job has run yet.</EmptyState>
        ) : (
          <Table head={["Job", "Started", "Result"]} caption="Recent background jobs">
            {overview.runs.map((run) => (
              <tr key={run.id}>
                <td className="px-2 py-2 break-words">{run.job.replace(/-/g, " ")}</td>
                <td className="px-2 py-2 whitespace-nowrap">{run.startedAt}</td>
                <td className="px-2 py-2">{run.status === "FAILED" ? `Failed: ${run.error}` : run.status === "SUCCEEDED" ? "done" : "running"}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
