import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaneHarness, type PaneHarness, type PaneView } from "./pane-harness";

/**
 * Access for keyboard and screen-reader users on the built pane: every control in every view has
 * a name a screen reader can announce, and the views can be reached and used without a mouse.
 */
const VIEWS: PaneView[] = ["formula", "cells", "explain", "report", "activity", "settings"];

describe("keyboard and screen-reader access", () => {
  let harness: PaneHarness;
  beforeAll(async () => {
    harness = await startPaneHarness();
  });
  afterAll(() => harness?.close());

  it.each(VIEWS)("every control in the %s view has an accessible name", async (view) => {
    const page = await harness.openPane({
      view,
      workbook: { sheets: { Sheet1: [["Text"], ["a"], ["b"]] }, selection: "Sheet1!A1:A3" },
    });
    await page.waitForTimeout(300);
    const unnamed = await page.evaluate(() => {
      const selector =
        'button, input:not([type="hidden"]), textarea, select, [role="combobox"], [role="tab"], [role="radio"], [role="checkbox"], [role="switch"], [role="slider"]';
      const nameOf = (element: Element): string => {
        const labelledBy = element.getAttribute("aria-labelledby");
        const fromIds = labelledBy
          ? labelledBy
              .split(/\s+/)
              .map((id) => document.getElementById(id)?.textContent ?? "")
              .join(" ")
          : "";
        const labels = (element as HTMLInputElement).labels;
        return [
          element.getAttribute("aria-label") ?? "",
          fromIds,
          labels ? [...labels].map((label) => label.textContent ?? "").join(" ") : "",
          element.textContent ?? "",
          element.getAttribute("title") ?? "",
        ]
          .join(" ")
          .trim();
      };
      return [...document.querySelectorAll(selector)]
        .filter((element) => (element as HTMLElement).offsetParent !== null && !nameOf(element))
        .map((element) => element.outerHTML.slice(0, 160));
    });
    expect(unnamed).toEqual([]);
    await page.context().close();
  });

  it("moves between views with the keyboard and runs the Formula view's main action with Enter", async () => {
    const page = await harness.openPane({
      view: "formula",
      workbook: { sheets: { Sheet1: [["Amount"], [1], [2]] }, selection: "Sheet1!C1" },
    });
    await page.getByTestId("tab-formula").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByTestId("view-cells").waitFor();
    // A view mounted for the first time takes focus (known, #14): go back to its tab first.
    await page.getByTestId("tab-cells").focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Enter");
    await page.getByTestId("view-formula").waitFor();

    // Tab from the tabs into the view reaches the request box; typing and Tab reach the button.
    const request = page.getByRole("textbox", { name: "What should the formula compute?" });
    for (
      let i = 0;
      i < 10 && !(await request.evaluate((element) => element === document.activeElement));
      i++
    ) {
      await page.keyboard.press("Tab");
    }
    expect(await request.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type("total of column A");
    harness.ollama.enqueue({
      content: JSON.stringify({ kind: "aggregate", function: "sum", valueColumn: "Amount", criteria: [] }),
    });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Write formula/);
    await page.keyboard.press("Enter");
    await page.getByTestId("formula-answer").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("formula-badge").innerText()).toBe("Verified");
    await page.context().close();
  });
});
