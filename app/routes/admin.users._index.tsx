import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState, PageTitle, Table } from "~/components/layout";
import { ROLES, roleLabel, type Role } from "~/domain/users/roles";
import { requireUser } from "~/services/auth.server";
import { listUsers } from "~/services/users.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Users · Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "ADMIN" });
  const url = new URL(args.request.url);
  const query = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const roleParam = url.searchParams.get("role") ?? "";
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as Role) : undefined;
  return json({ query, role: role ?? "", users: await listUsers({ query, role }) });
}

export default function AdminUsers() {
  const { query, role, users } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle>Users</PageTitle>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Name or email</span>
          <input type="search" name="q" defaultValue={query} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Role</span>
          <select name="role" defaultValue={role} className="rounded-md border border-slate-300 px-3 py-2">
            <option value="">Any</option>
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2">
          Filter
        </button>
      </Form>
      {users.length === 0 ? (
        <EmptyState>No user matches.</EmptyState>
      ) : (
        <Table head={["Name", "Email", "Roles", "Time zone"]} caption="Users" stacked>
          {users.map((user) => (
            <tr key={user.id}>
              <td className="px-2 py-2">
                <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
              </td>
              <td className="px-2 py-2">{user.email}</td>
              <td className="px-2 py-2">{user.roles.map(roleLabel).join(", ")}</td>
              <td className="px-2 py-2">{user.timezone}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
