import { describe, expect, it } from "vitest";
import { PullProgressTracker } from "../../taskpane/components/settings/pull-progress";

describe("PullProgressTracker", () => {
  it("has no fraction until a layer states its size", () => {
    const tracker = new PullProgressTracker();
    expect(tracker.update({ status: "pulling manifest" })).toMatchObject({
      status: "pulling manifest",
      fraction: null,
      totalBytes: 0,
      done: false,
    });
  });

  it("sums the layers, counting each layer's latest line once", () => {
    const tracker = new PullProgressTracker();
    tracker.update({ status: "pulling aaaaaaaaaaaa", total: 900 });
    tracker.update({ status: "pulling bbbbbbbbbbbb", total: 100 });
    tracker.update({ status: "pulling aaaaaaaaaaaa", total: 900, completed: 300 });
    tracker.update({ status: "pulling aaaaaaaaaaaa", total: 900, completed: 600 });
    const snapshot = tracker.update({ status: "pulling bbbbbbbbbbbb", total: 100, completed: 50 });
    expect(snapshot.completedBytes).toBe(650);
    expect(snapshot.totalBytes).toBe(1000);
    expect(snapshot.fraction).toBeCloseTo(0.65);
  });

  it("keeps the byte counts through the verifying steps and reports done on success", () => {
    const tracker = new PullProgressTracker();
    tracker.update({ status: "pulling aaaaaaaaaaaa", total: 400, completed: 400 });
    expect(tracker.update({ status: "verifying sha256 digest" })).toMatchObject({
      status: "verifying sha256 digest",
      fraction: 1,
      done: false,
    });
    expect(tracker.update({ status: "success" })).toMatchObject({
      done: true,
      fraction: 1,
      completedBytes: 400,
    });
  });

  it("never moves the bar backwards when a further, smaller layer is announced", () => {
    const tracker = new PullProgressTracker();
    expect(tracker.update({ status: "pulling aaaaaaaaaaaa", total: 1000, completed: 1000 }).fraction).toBe(1);
    const next = tracker.update({ status: "pulling bbbbbbbbbbbb", total: 10 });
    expect(next.fraction).toBe(1);
    expect(next).toMatchObject({ completedBytes: 1000, totalBytes: 1010 });
  });

  it("never reports more completed than total", () => {
    const tracker = new PullProgressTracker();
    expect(tracker.update({ status: "pulling cccccccccccc", total: 10, completed: 12 }).fraction).toBe(1);
  });
});
