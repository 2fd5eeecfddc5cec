/**
 * The second app instance tests/e2e/server.ts starts: the same production build on the same database,
 * with its clock this far ahead. Opening an emailed link there shows what its recipient sees days later.
 * (No Playwright imports: server.ts reads the offset from here.)
 */
export const LATER_BY_SECONDS = 3 * 24 * 3600;
export const laterUrl = `http://127.0.0.1:${process.env.E2E_LATER_PORT ?? 3101}`;

/** The same path as an emailed link, on the later instance. */
export function later(link: string): string {
  const url = new URL(link);
  return new URL(url.pathname + url.search, laterUrl).toString();
}

/** Playwright waits for the first instance only; the later one starts beside it. */
export async function laterInstanceUp(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${laterUrl}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the later instance at ${laterUrl} did not answer /health within ${timeoutMs / 1000} s`);
}
