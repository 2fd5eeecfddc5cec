/**
 * Just enough HTML reading for the fuzz test: the forms on a page (action, method, fields with their
 * current values and choices, and the values of named submit buttons such as `intent`), and its links.
 */

export type FormField = { name: string; type: string; values: string[] };
export type PageForm = { method: "get" | "post"; action: string; fields: FormField[]; buttons: [string, string][] };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[entity.toLowerCase()] ?? all;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return out;
}

/** The forms on a page; `pageUrl` resolves a missing or relative action. */
export function readForms(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const formAttributes = attributes(match[1]);
    const inner = match[2];
    const url = new URL(formAttributes.action || pageUrl, pageUrl);
    const fields = new Map<string, FormField>();
    const add = (name: string, type: string, value: string) => {
      const field = fields.get(name) ?? { name, type, values: [] };
      if (!field.values.includes(value)) field.values.push(value);
      fields.set(name, field);
    };
    const buttons: [string, string][] = [];
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1]);
      if (!a.name) continue;
      const type = (a.type ?? "text").toLowerCase();
      if (type === "submit" || type === "image") buttons.push([a.name, a.value ?? ""]);
      else add(a.name, type, type === "checkbox" || type === "radio" ? (a.value ?? "on") : (a.value ?? ""));
    }
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const a = attributes(select[1]);
      if (!a.name) continue;
      const options = [...select[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map(
        (option) => attributes(option[1]).value ?? decodeEntities(option[2].replace(/<[^>]*>/g, "")),
      );
      const selected = [...select[2].matchAll(/<option\b([^>]*\bselected\b[^>]*)>/gi)].map((option) => attributes(option[1]).value ?? "");
      // The selected option first (what a browser would send), then the others as alternatives.
      const ordered = [...selected, ...options.filter((value) => !selected.includes(value))];
      const nonEmpty = ordered.filter((value) => value !== "");
      for (const value of nonEmpty.length > 0 && !selected.length ? nonEmpty : ordered.length ? ordered : [""]) add(a.name, "select", value);
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(area[1]);
      if (a.name) add(a.name, "textarea", decodeEntities(area[2]));
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const a = attributes(button[1]);
      if (a.name && (a.type ?? "submit").toLowerCase() === "submit") buttons.push([a.name, a.value ?? ""]);
    }
    forms.push({ method: (formAttributes.method ?? "get").toLowerCase() === "post" ? "post" : "get", action: url.pathname + url.search, fields: [...fields.values()], buttons });
  }
  return forms;
}

/** Same-origin links (path and query) on a page. */
export function readLinks(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const links = new Set<string>();
  for (const match of html.matchAll(/<a\b[^>]*\bhref\s*=\s*"([^"]*)"/gi)) {
    const href = decodeEntities(match[1]);
    if (!href || href.startsWith("#") || href.startsWith("mailto:")) continue;
    const url = new URL(href, pageUrl);
    if (url.origin !== origin) continue;
    links.add(url.pathname + url.search);
  }
  return [...links];
}
