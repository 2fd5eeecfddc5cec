/**
 * The routes the fuzz test covers, read from the files in app/routes (Remix flat routes), so a new
 * route is fuzzed without touching the test: its URL pattern, its params, whether it has a loader
 * and an action, and the query parameters its source reads.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type RouteInfo = {
  file: string;
  /** e.g. "/sessions/:sessionId/cancel" */
  pattern: string;
  params: string[];
  index: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  /** Names passed to `searchParams.get("…")` in the route's source. */
  queryNames: string[];
};

/** The URL pattern of a flat-routes file name (app/routes/sessions.$sessionId_.cancel.tsx → /sessions/:sessionId/cancel). */
export function patternOf(file: string): { pattern: string; params: string[]; index: boolean } {
  const stem = file.replace(/\.(tsx?|jsx?)$/, "").replace(/\/route$/, "");
  const segments: string[] = [];
  const params: string[] = [];
  let index = false;
  // Dots separate segments, except inside [escapes].
  for (const raw of stem.split(/\.(?![^[]*\])/)) {
    if (raw === "_index") {
      index = true;
      continue;
    }
    if (raw.startsWith("_")) continue; // a pathless layout
    const segment = raw.replace(/_$/, "").replace(/\[(.*?)\]/g, "$1");
    if (segment.startsWith("$")) {
      const name = segment.slice(1) || "*";
      params.push(name);
      segments.push(`:${name}`);
    } else {
      segments.push(segment);
    }
  }
  return { pattern: `/${segments.join("/")}`, params, index };
}

export function readRoutes(root = process.cwd()): RouteInfo[] {
  const dir = path.join(root, "app/routes");
  return readdirSync(dir)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !/\.test\./.test(file))
    .map((file) => {
      const source = readFileSync(path.join(dir, file), "utf8");
      const exported = (name: string) => new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`).test(source);
      const queryNames = [...new Set([...source.matchAll(/searchParams\.get\(\s*"([^"]+)"/g)].map((match) => match[1]))];
      return { file, ...patternOf(file), hasLoader: exported("loader"), hasAction: exported("action"), queryNames };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The route a URL path belongs to (the most specific pattern that matches), if any. */
export function routeFor(routes: RouteInfo[], pathname: string): { route: RouteInfo; values: Record<string, string> } | null {
  const parts = pathname.split("/").filter(Boolean);
  let best: { route: RouteInfo; values: Record<string, string>; score: number } | null = null;
  for (const route of routes) {
    const pattern = route.pattern.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const values: Record<string, string> = {};
    let score = 0;
    let ok = true;
    pattern.forEach((segment, i) => {
      if (segment.startsWith(":")) values[segment.slice(1)] = parts[i];
      else if (segment === parts[i]) score += 1;
      else ok = false;
    });
    if (ok && (!best || score > best.score)) best = { route, values, score };
  }
  return best ? { route: best.route, values: best.values } : null;
}

/** Fills a pattern's params with (already encoded) path segments. */
export function fillPattern(route: RouteInfo, segments: Record<string, string>): string {
  return route.pattern.replace(/:([A-Za-z0-9_*]+)/g, (_all, name: string) => segments[name] ?? "x");
}
