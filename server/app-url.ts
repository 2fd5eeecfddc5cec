/** Loopback names a browser may use for a development server on this machine. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where to send a request that reached the app on another loopback name than the app's base
 * (appBaseUrl in app/services/env.server.ts), or null to serve it. Only loopback names are moved: a
 * phone on the local network, or a proxy in production, keeps the host it used.
 */
export function loopbackRedirect(request: { method: string; protocol: string; host: string | undefined; url: string }, base: string): string | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!request.host) return null;
  const baseUrl = new URL(base);
  const requestUrl = new URL(`${request.protocol}://${request.host}`);
  if (!LOOPBACK.has(baseUrl.hostname) || !LOOPBACK.has(requestUrl.hostname)) return null;
  if (requestUrl.host === baseUrl.host && requestUrl.protocol === baseUrl.protocol) return null;
  if (requestUrl.port !== baseUrl.port) return null; // another server on this machine, not another name for this one
  return `${baseUrl.origin}${request.url.startsWith("/") ? request.url : "/"}`;
}
