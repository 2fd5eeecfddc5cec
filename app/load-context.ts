declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's CSP nonce; every inline or module script carries it. */
    nonce: string;
    /** Work memoised for the length of one request (the signed-in user, for one). */
    memo: Map<string, unknown>;
  }
}
export {};
