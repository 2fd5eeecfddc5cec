import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Tutordesk is up" }];

/** A page with no loader of its own: load balancers poll it, and the benchmark uses it as the framework's ceiling. */
export default function Health() {
  return <p>Tutordesk is up.</p>;
}
