import type { MailboxAttachment } from "~/services/outbox.server";

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The dev mailbox's attachment list: each file a plain download link (a resource route, so never a client-side navigation). */
export function AttachmentLinks({ messageId, attachments }: { messageId: string; attachments: readonly MailboxAttachment[] }) {
  return (
    <ul className="text-sm">
      {attachments.map((file) => (
        <li key={file.index}>
          <a href={`/dev/mailbox/${messageId}/attachments/${file.index}`} download={file.filename} className="inline-block min-h-6 py-0.5 underline">
            {file.filename}
          </a>{" "}
          <span className="text-slate-600">
            ({file.contentType.split(";")[0]}, {size(file.sizeBytes)})
          </span>
        </li>
      ))}
    </ul>
  );
}
