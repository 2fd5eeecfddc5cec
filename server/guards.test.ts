import { describe, expect, it } from "vitest";
import { unreadableUrl } from "./guards";

describe("unreadableUrl", () => {
  it.each([
    "/tutors",
    "/tutors?subject=maths&maxPrice=50",
    "/tutors?subject=a+b",
    "/book/%F0%9F%99%82/review",
    "/tutors?q=%E3%80%80",
    "/sessions?view=week&week=2027-W01",
    "/a/abc_DEF-123",
  ])("lets %s through", (url) => {
    expect(unreadableUrl(url)).toBe(false);
  });

  it.each(["/tutors/%00", "/tutors?subject=%00", "/admin/users?q=a%00b", "/tutors?subject=%0a", "/x%7F", "/tutors/%E0%A4%A", "/tutors?q=%", "/tutors?%00=1"])(
    "refuses %s",
    (url) => {
      expect(unreadableUrl(url)).toBe(true);
    },
  );
});

describe("drainUnreadBodies", () => {
  it("reads away a body that an early answer left unread, so the connection serves the next request", async () => {
    const express = (await import("express")).default;
    const { createReadableStreamFromReadable } = await import("@remix-run/node");
    const { drainUnreadBodies: drain } = await import("./guards");
    const http = await import("node:http");
    let finishedReading: Promise<void> | undefined;
    const app = express();
    app.use(drain);
    app.post("/early", (req, res) => {
      // As Remix does: the body becomes a web stream whose pump starts reading, then nobody reads it.
      createReadableStreamFromReadable(req);
      finishedReading = new Promise((resolve) => req.once("end", () => resolve()));
      res.redirect(302, "/login");
    });
    app.get("/next", (_req, res) => res.send("ok"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const request = http.request(
          { host: "127.0.0.1", port, method, path, agent, headers: body ? { "content-type": "application/x-www-form-urlencoded", "content-length": body.length } : {} },
          (response) => {
            response.resume();
            response.on("end", () => resolve({ status: response.statusCode ?? 0, socket: request.socket }));
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    try {
      const first = await send("POST", "/early", Buffer.alloc(900_000, "a"));
      expect(first.status).toBe(302);
      await finishedReading;
      const second = await send("GET", "/next");
      expect(second.status).toBe(200);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
      server.close();
    }
  });
});
