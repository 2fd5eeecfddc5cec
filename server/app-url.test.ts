import { describe, expect, it } from "vitest";
import { appBaseUrl } from "../app/services/env.server";
import { loopbackRedirect } from "./app-url";

describe("appBaseUrl (issue 13 B11: one base for every link)", () => {
  it.each([
    [{}, "http://localhost:3000"],
    [{ PORT: "3500" }, "http://localhost:3500"],
    [{ PORT: "3500", APP_URL: "https://tutordesk.example/" }, "https://tutordesk.example"],
    [{ APP_URL: "http://127.0.0.1:3100" }, "http://127.0.0.1:3100"],
    [{ APP_URL: "", PORT: "4000" }, "http://localhost:4000"],
  ])("%j → %s", (source, expected) => {
    expect(appBaseUrl(source)).toBe(expected);
  });
});

describe("loopbackRedirect", () => {
  const base = "http://localhost:3000";
  const get = (host: string, url = "/login/magic?t=abc") => ({ method: "GET", protocol: "http", host, url });

  it("sends another loopback name for this server to the base, keeping the path and query", () => {
    expect(loopbackRedirect(get("127.0.0.1:3000"), base)).toBe("http://localhost:3000/login/magic?t=abc");
    expect(loopbackRedirect(get("[::1]:3000", "/tutors"), base)).toBe("http://localhost:3000/tutors");
    expect(loopbackRedirect(get("localhost:3100"), "http://127.0.0.1:3100")).toBe("http://127.0.0.1:3100/login/magic?t=abc");
  });

  it.each([
    ["the base itself", get("localhost:3000"), base],
    ["a post (its body cannot follow a redirect)", { ...get("127.0.0.1:3000"), method: "POST" }, base],
    ["a phone on the local network", get("192.168.1.20:3000"), base],
    ["another port (another server)", get("127.0.0.1:3001"), base],
    ["a production base", get("127.0.0.1:3000"), "https://tutordesk.example"],
    ["no Host header", { method: "GET", protocol: "http", host: undefined, url: "/" }, base],
  ])("leaves %s alone", (_name, request, baseUrl) => {
    expect(loopbackRedirect(request, baseUrl)).toBeNull();
  });
});
