import { describe, expect, it } from "vitest";
import { operationsCsvHref, operationsPageHref, readOperationsRequest } from "./operations-query";

const url = (search: string) => new URL(`http://test/coordinator/sessions${search}`);

describe("the operations list's URL", () => {
  it("keeps every filter on the paging links, drops empty fields and foreign parameters", () => {
    const at = url("?tutor=Tess+T&status=SCHEDULED&status=NO_SHOW&from=&page=2&size=50&as=all");
    expect(operationsPageHref(at, 3)).toBe("/coordinator/sessions?status=SCHEDULED&status=NO_SHOW&tutor=Tess+T&size=50&page=3");
    expect(operationsPageHref(at, 1)).toBe("/coordinator/sessions?status=SCHEDULED&status=NO_SHOW&tutor=Tess+T&size=50");
    expect(operationsPageHref(url(""), 1)).toBe("/coordinator/sessions");
  });

  it("exports the same filters, every page", () => {
    expect(operationsCsvHref(url("?q=ann&attention=failed-refund&page=4&size=10"))).toBe("/coordinator/sessions.csv?q=ann&attention=failed-refund");
    expect(operationsCsvHref(url(""))).toBe("/coordinator/sessions.csv");
  });

  it("returns what was typed and a message per wrong field, and no query", () => {
    const request = readOperationsRequest(url("?tutor=Tess&from=2026-02-30&status=SCHEDULED&status=LOST&size=0"), "UTC");
    expect(request.query).toBeNull();
    expect(request.input).toEqual({ tutor: "Tess", from: "2026-02-30", status: ["SCHEDULED", "LOST"], size: "0" });
    expect(Object.keys(request.errors).sort()).toEqual(["from", "size", "status"]);
  });

  it("reads a valid request into a query, ignoring parameters the form does not have", () => {
    const request = readOperationsRequest(url("?tutor=Tess&as=all&flag=no-show"), "UTC");
    expect(request.errors).toEqual({});
    expect(request.query).toMatchObject({ tutor: "Tess", page: 1, size: 20 });
  });
});
