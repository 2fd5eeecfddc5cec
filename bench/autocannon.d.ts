// autocannon ships no types; this declares only the part of its programmatic API the bench uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
  };

  export type Result = {
    /** Completed requests per one-second sample. */
    requests: { average: number; total: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
    /** Seconds. */
    duration: number;
  };

  /** Emits "response" (client, statusCode, bytes, responseTimeMs) for every completed request. */
  export type Instance = EventEmitter & { stop: () => void };

  export default function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
}
