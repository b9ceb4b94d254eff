import { describe, expect, it } from "vitest";
import { isPersonHeader, namesInTable } from "../../src/privacy/person-columns";
import { RedactionSession } from "../../src/privacy/redaction-session";
import { RedactionSettingsSchema } from "../../src/privacy/redaction-settings";

describe("RedactionSession", () => {
  it("gives the same value the same placeholder, and different values different ones", () => {
    const session = new RedactionSession();
    const text = session.redact("a@x.com, b@x.com, A@X.COM; +44 20 7946 0958 = +442079460958");
    expect(text).toBe("[EMAIL_1], [EMAIL_2], [EMAIL_1]; [PHONE_1] = [PHONE_1]");
    expect(session.redact("again a@x.com")).toBe("again [EMAIL_1]");
    expect(session.counts()).toEqual({ email: 2, phone: 1 });
  });

  it("restores placeholders in answers, tolerating spacing, and leaves unknown ones", () => {
    const session = new RedactionSession();
    session.redact("mail a@x.com card 4111 1111 1111 1111");
    expect(session.restore("Write to [EMAIL_1] about [ CARD_1 ]; [EMAIL_9] is not ours")).toBe(
      "Write to a@x.com about 4111 1111 1111 1111; [EMAIL_9] is not ours",
    );
    expect(session.restoreValue({ answer: ["[EMAIL_1]"], n: 3, nested: { x: "[CARD_1]" } })).toEqual({
      answer: ["a@x.com"],
      n: 3,
      nested: { x: "4111 1111 1111 1111" },
    });
  });

  it("round-trips: restore(redact(text)) is the text", () => {
    const session = new RedactionSession();
    const text = "Ping j.doe@corp.io or 555-123-4567 from 10.0.0.8; IBAN DE89 3704 0044 0532 0130 00.";
    expect(session.restore(session.redact(text))).toBe(text);
  });

  it("replaces names from person columns wherever they appear, as whole words", () => {
    const session = new RedactionSession();
    const grid = [
      ["Customer", "Product Name", "Amount"],
      ["Ann Lee", "Widget", 3],
      ["Bob Stone", "Gadget", 4],
      ["-", "Thing", 5],
    ];
    const redacted = session.redactGrid(grid);
    expect(redacted).toEqual([
      ["Customer", "Product Name", "Amount"],
      ["[NAME_1]", "Widget", 3],
      ["[NAME_2]", "Gadget", 4],
      ["-", "Thing", 5],
    ]);
    expect(session.redact("Ann Lee bought more than ANN  LEE? Annie Leeway did not; Bob Stone did.")).toBe(
      "[NAME_1] bought more than [NAME_1]? Annie Leeway did not; [NAME_2] did.",
    );
  });

  it("categories can be switched off, and redaction as a whole", () => {
    const noIps = new RedactionSession(RedactionSettingsSchema.parse({ categories: { ipAddress: false } }));
    expect(noIps.redact("a@x.com 10.0.0.1")).toBe("[EMAIL_1] 10.0.0.1");
    const off = new RedactionSession(RedactionSettingsSchema.parse({ enabled: false }));
    off.learnTable([["Name"], ["Ann Lee"]]);
    expect(off.redact("Ann Lee a@x.com")).toBe("Ann Lee a@x.com");
    expect(off.redactMessages([{ role: "user", content: "a@x.com" }]).messages).toEqual([
      { role: "user", content: "a@x.com" },
    ]);
  });

  it("redacts every message and keeps roles", () => {
    const session = new RedactionSession();
    const { messages } = session.redactMessages([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Who is a@x.com?" },
    ]);
    expect(messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Who is [EMAIL_1]?" },
    ]);
  });
});

describe("person columns", () => {
  it.each([
    ["Name", true],
    ["Customer Name", true],
    ["customer_name", true],
    ["EmployeeName", true],
    ["Sales Rep", true],
    ["Account Manager", true],
    ["Contact", true],
    ["Name of customer", true],
    ["Product Name", false],
    ["Company name", false],
    ["Customer Segment", false],
    ["Amount", false],
    ["File name", false],
    [42, false],
  ])("%s → %s", (header, expected) => {
    expect(isPersonHeader(header)).toBe(expected);
  });

  it("collects text names only", () => {
    expect(
      namesInTable([
        ["Employee", "Id"],
        ["Ann Lee", 1],
        [null, 2],
        ["N/A", 3],
        [12, 4],
        ["Bo", 5],
        ["Total", 6],
        ["Unknown", 7],
      ]),
    ).toEqual(["Ann Lee", "Bo"]);
  });
});
