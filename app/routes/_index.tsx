import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { homePathFor } from "~/domain/users/roles";
import { getCurrentUser } from "~/services/auth.server";
import { redirect } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [
  { title: "Tutordesk · tutoring sessions, booked and run well" },
  { name: "description", content: "Book tutors, manage schedules and run a tutoring business's sessions end to end." },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) throw redirect(homePathFor(user.roles));
  return null;
}

export default function Landing() {
  return (
    <div className="mx-auto max-w-2xl py-8">
      <h1 className="mb-4 text-3xl font-bold">Tutoring sessions, booked and run well.</h1>
      <p className="mb-6 text-lg text-slate-700">
        Tutors publish when they can teach. Students and parents book and pay in their own time zone. Coordinators keep every session on track.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link to="/signup" className="rounded-md bg-brand px-4 py-2 font-medium text-white no-underline">
          Create an account
        </Link>
        <Link to="/login" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium no-underline">
          Sign in
        </Link>
      </div>
    </div>
  );
}
