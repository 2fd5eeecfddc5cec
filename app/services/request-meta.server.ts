/**
 * server.ts replaces this header on every request with the address Express saw, so a client cannot
 * forge it.
 */
export const CLIENT_IP_HEADER = "x-tutordesk-client-ip";

export type RequestMeta = { ip: string | null; userAgent: string | null };

export function requestMeta(request: Request): RequestMeta {
  return {
    ip: request.headers.get(CLIENT_IP_HEADER),
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}
