import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/services/env.server";
import { getMailboxAttachment } from "~/services/outbox.server";

/** Header values come from stored rows: nothing that could end a header line or a quoted string. */
function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f"\\]/g, "");
}

/**
 * One attachment of a dev-mailbox message (the .ics of a booking, say), as a download with the type it
 * was sent with. Development only, like the mailbox itself.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  if (!env.devMailbox) throw new Response("Not found", { status: 404 });
  const index = Number(params.index);
  const file = Number.isInteger(index) && index >= 0 ? await getMailboxAttachment(params.messageId ?? "", index) : null;
  if (!file) throw new Response("No such attachment.", { status: 404 });
  const filename = headerSafe(file.filename) || "attachment";
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": headerSafe(file.contentType) || "application/octet-stream",
      // Always a download, never rendered in the app's origin, whatever type a message claims.
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Content-Length": String(file.content.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}
