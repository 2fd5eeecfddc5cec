import type { ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/services/auth.server";
import { requestMeta } from "~/services/request-meta.server";
import { redirect } from "~/utils/http";

export async function loader() {
  // Signing out changes state, so it is only ever a POST (the header's button).
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const clearCookie = await signOut(args, requestMeta(args.request));
  return redirect("/login", { headers: { "Set-Cookie": clearCookie } });
}
