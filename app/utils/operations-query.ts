import { OPERATIONS_FILTER_FIELDS, OperationsFilterSchema, operationsQuery, type OperationsQuery } from "~/domain/sessions/operations-filters";
import { parseForm } from "./forms";

/** What the operations list's GET form sent, as typed (to show again), and the query when every field is valid. */
export type OperationsRequest = {
  input: Record<string, string | string[]>;
  errors: Record<string, string[]>;
  query: OperationsQuery | null;
};

/**
 * Reads the operations list's filters from a URL (the page and its CSV export share them), the
 * conform + zod way. Only the form's own fields are read: other parameters (an old `as=all`, a
 * tracking tag) are ignored rather than refused, so a shared link keeps working.
 */
export function readOperationsRequest(url: URL, zone: string): OperationsRequest {
  const formData = new FormData();
  const input: Record<string, string | string[]> = {};
  for (const field of OPERATIONS_FILTER_FIELDS) {
    const values = url.searchParams.getAll(field).map((value) => value.slice(0, 200));
    for (const value of values) formData.append(field, value);
    if (values.length > 0) input[field] = field === "status" || field === "attention" ? values : values[0];
  }
  const parsed = parseForm(formData, OperationsFilterSchema, OPERATIONS_FILTER_FIELDS);
  if (!parsed.ok) {
    const errors: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(parsed.result.error ?? {})) {
      if (messages?.length) errors[key.replace(/\[\d+\]$/, "")] = [...(errors[key.replace(/\[\d+\]$/, "")] ?? []), ...messages];
    }
    return { input, errors, query: null };
  }
  return { input, errors: {}, query: operationsQuery(parsed.value, zone) };
}

/** The same filters at another page (paging links keep every filter). */
export function operationsPageHref(url: URL, page: number): string {
  const params = new URLSearchParams();
  for (const field of OPERATIONS_FILTER_FIELDS) for (const value of url.searchParams.getAll(field)) if (field !== "page" && value !== "") params.append(field, value);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return `/coordinator/sessions${search ? `?${search}` : ""}`;
}

/** The export of the same filters (every page). */
export function operationsCsvHref(url: URL): string {
  const params = new URLSearchParams();
  for (const field of OPERATIONS_FILTER_FIELDS)
    for (const value of url.searchParams.getAll(field)) if (field !== "page" && field !== "size" && value !== "") params.append(field, value);
  const search = params.toString();
  return `/coordinator/sessions.csv${search ? `?${search}` : ""}`;
}
