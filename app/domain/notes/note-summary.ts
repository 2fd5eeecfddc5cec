/*
 * What a summary of session notes is, whichever summarizer made it (app/services/session-notes.server.ts):
 * shared by the local one (local-summary.ts), a hosted one later, and the page that shows it.
 */

export type Engagement = "high" | "moderate" | "low" | "unclear";

export type NoteSummary = {
  /** The notes' key themes, most frequent first (at most 5). */
  themes: string[];
  engagement: Engagement;
  /** Sentences of the notes that recommend what to do next, in their order (at most 3). */
  followUps: string[];
};

export const ENGAGEMENT_LABELS: Record<Engagement, string> = {
  high: "High",
  moderate: "Moderate",
  low: "Low",
  unclear: "Not clear from the notes",
};

/** A stored summary read back (a JSON column): the shape checked, anything else treated as none. */
export function readNoteSummary(value: unknown): NoteSummary | null {
  if (!value || typeof value !== "object") return null;
  const { themes, engagement, followUps } = value as Record<string, unknown>;
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === "string");
  if (!strings(themes) || !strings(followUps) || typeof engagement !== "string" || !(engagement in ENGAGEMENT_LABELS)) return null;
  return { themes, engagement: engagement as Engagement, followUps };
}
