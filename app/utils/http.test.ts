import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeLocation, readFormData, redirect, stripControlCharacters, withForm } from "./http";

async function refusal(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a thrown Response");
}

function post(body: BodyInit | null, contentType?: string): Request {
  return new Request("http://app.test/x", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });
}

describe("readFormData", () => {
  it("reads a url-encoded form and strips control characters but keeps tabs and line breaks", async () => {
    const form = await readFormData(post("name=a%00b%07c&notes=line+one%0D%0Aline%09two", "application/x-www-form-urlencoded"));
    expect(form.get("name")).toBe("abc");
    expect(form.get("notes")).toBe("line one\r\nline\ttwo");
  });

  it.each([
    ["JSON", '{"email":"a@b.c"}', "application/json"],
    ["plain text", "email=a@b.c", "text/plain"],
    ["no content type", "email=a@b.c", undefined],
    ["broken multipart", "--xyz\r\nContent-Disposition: form-da", "multipart/form-data; boundary=xyz"],
    ["multipart without a boundary", "--xyz--", "multipart/form-data"],
  ])("answers %s with 400", async (_name, body, contentType) => {
    const response = await refusal(readFormData(post(body, contentType)));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("expects a form submission");
  });

  it("reads a well-formed multipart form", async () => {
    const body = new FormData();
    body.set("title", "Algebra\u0000");
    const form = await readFormData(new Request("http://app.test/x", { method: "POST", body }));
    expect(form.get("title")).toBe("Algebra");
  });
});

describe("encodeLocation", () => {
  it.each([
    ["/book/abc/review?start=2027-01-01T10:00", "/book/abc/review?start=2027-01-01T10:00"],
    ["/book/\u{1F642}/review", "/book/%F0%9F%99%82/review"],
    ["/\u3000/x", "/%E3%80%80/x"],
    ["/a b", "/a%20b"],
    ["/already%20encoded", "/already%20encoded"],
    ["/stray%zz", "/stray%25zz"],
    ["/tab\there", "/tab%09here"],
    ["/lone\ud800", "/lone%EF%BF%BD"],
  ])("%j → %j", (target, expected) => {
    expect(encodeLocation(target)).toBe(expected);
  });

  it("lets redirect() carry any target in its Location header", () => {
    expect(redirect("/book/\u{1F642}/review").headers.get("Location")).toBe("/book/%F0%9F%99%82/review");
  });
});

describe("stripControlCharacters", () => {
  it("removes NUL, other C0 controls and DEL", () => {
    expect(stripControlCharacters("a\u0000b\u001bc\u007fd\te\nf")).toBe("abcd\te\nf");
  });
});

describe("every route goes through the shared edge", () => {
  const routesDir = path.resolve(__dirname, "../routes");
  const sources = readdirSync(routesDir)
    .filter((file) => file.endsWith(".tsx") || file.endsWith(".ts"))
    .map((file) => ({ file, text: readFileSync(path.join(routesDir, file), "utf8") }));

  it("no action reads request.formData() itself", () => {
    expect(sources.filter(({ text }) => /request(\.clone\(\))?\.formData\(\)/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it("no route redirects with Remix's unencoded redirect", () => {
    expect(sources.filter(({ text }) => /import \{[^}]*\bredirect\b[^}]*\} from "@remix-run\/node"/.test(text)).map(({ file }) => file)).toEqual([]);
  });
});

describe("withForm", () => {
  it("hands code that reads the form itself the cleaned fields, keeping the other headers", async () => {
    const raw = new Request("http://app.test/login", {
      method: "POST",
      body: "email=a%00b%40example.test&password=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "phone", "X-Tutordesk-Client-Ip": "203.0.113.9" },
    });
    const again = withForm(raw, await readFormData(raw));
    expect((await again.formData()).get("email")).toBe("ab@example.test");
    expect(again.headers.get("user-agent")).toBe("phone");
    expect(again.headers.get("x-tutordesk-client-ip")).toBe("203.0.113.9");
  });
});
