import type { CSSProperties, ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { oneLine } from "./format";

export type RenderedEmail = { subject: string; text: string; html: string };

/**
 * Every message's HTML is a React element rendered to static markup: React escapes every text and
 * attribute value, so a name like `<script>` or a link with `&` and `"` arrives as text, never markup.
 * The text part is written beside it from the same values (docs/decisions/017-emails-as-components.md).
 */
export function renderedEmail(parts: { subject: string; text: string; html: ReactElement }): RenderedEmail {
  return { subject: oneLine(parts.subject), text: parts.text, html: `<!doctype html>${renderToStaticMarkup(parts.html)}` };
}

const brand = "#3730a3";
const muted = "#6b7280";

/** The one frame every message shares: a plain, narrow body that reads well in every client (inline styles only). */
export function EmailLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
      </head>
      <body style={{ margin: 0, background: "#f4f5f7", fontFamily: "system-ui,sans-serif", color: "#1f2937" }}>
        <div style={{ maxWidth: 560, margin: "0 auto", padding: 24 }}>
          <p style={{ fontWeight: 700, color: brand, margin: "0 0 16px" }}>Tutordesk</p>
          <div style={{ background: "#fff", borderRadius: 8, padding: 24 }}>
            <h1 style={{ fontSize: 20, margin: "0 0 16px" }}>{title}</h1>
            {children}
          </div>
          <p style={{ fontSize: 12, color: muted, marginTop: 16 }}>You received this email because of activity on your Tutordesk account.</p>
        </div>
      </body>
    </html>
  );
}

/** The main action of a message, as a button-looking link. */
export function ButtonLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p>
      <a href={href} style={{ display: "inline-block", background: brand, color: "#fff", padding: "10px 16px", borderRadius: 6, textDecoration: "none" }}>
        {children}
      </a>
    </p>
  );
}

export function Greeting({ name }: { name: string }) {
  return <p>Hello {name},</p>;
}

export type Fact = [label: string, value: string];

/** Label and value rows ("When", "Tutor", …): a table, the one layout every mail client keeps. */
export function FactTable({ facts }: { facts: readonly Fact[] }) {
  if (facts.length === 0) return null;
  const cell: CSSProperties = { padding: "4px 0" };
  return (
    <table role="presentation" style={{ borderCollapse: "collapse", margin: "0 0 16px" }}>
      <tbody>
        {facts.map(([label, value]) => (
          <tr key={label}>
            <td style={{ padding: "4px 16px 4px 0", color: muted, verticalAlign: "top" }}>{label}</td>
            <td style={cell}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Note({ children }: { children: ReactNode }) {
  return <p style={{ color: muted }}>{children}</p>;
}

/** Facts in the text part, one "Label: value" line each. */
export function factLines(facts: readonly Fact[]): string[] {
  return facts.map(([label, value]) => `${label}: ${value}`);
}
