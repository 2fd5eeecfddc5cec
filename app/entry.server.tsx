import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import "./load-context";

// The in-process job timer in server.ts reaches the runner through the server build.
export { runDueJobs } from "./jobs/runner.server";
// ...and its sign-in rate limit, whose counts every instance shares in the database.
export { consumeSignInAllowance } from "./services/rate-limits.server";

const ABORT_DELAY = 5_000;

/** True when a loader returned `defer()`ed data, which only a streamed render can send as it settles. */
function hasDeferredData(remixContext: EntryContext): boolean {
  const deferreds = remixContext.staticHandlerContext.activeDeferreds;
  return deferreds !== null && Object.keys(deferreds).length > 0;
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.nonce;
  const app = (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");

  // Without deferred data the whole page is ready at once, so render it to one string: a stream
  // would send the same bytes as dozens of small chunks, each compressed and written on its own,
  // which cost more CPU than rendering the page. A render error throws, and Remix renders the
  // error boundary instead, as it does for a shell error below.
  if (!hasDeferredData(remixContext)) {
    return new Response(`<!DOCTYPE html>${renderToString(app)}`, { headers: responseHeaders, status: responseStatusCode });
  }

  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [readyEvent]() {
        shellRendered = true;
        const body = new PassThrough();
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
