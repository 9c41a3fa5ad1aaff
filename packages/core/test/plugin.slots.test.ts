/**
 * When core gives a plugin's `acquire` slot back: once per stage, when the run records the stage as
 * settled, including a stage the run gives up on after `abortGraceMs`.
 */
import { describe, expect, it } from "vitest";
import { ContextSnapshot, defineStage, Pipeline, type Plugin } from "../src/index.js";
import { flush } from "./helpers/deferred.js";
import { VirtualClock } from "./helpers/virtualClock.js";

/** A plugin that logs every acquire, release and run end into `log`. */
function slotLogger(log: string[], options: { throwOnRelease?: boolean } = {}): Plugin {
  return {
    name: "slots",
    acquire(stage) {
      log.push(`acquire:${stage.name}`);
      return () => {
        log.push(`release:${stage.name}`);
        if (options.throwOnRelease === true) throw new Error("release broke");
      };
    },
    onRunEnd() {
      log.push("runEnd");
    },
  };
}

describe("plugin slots", () => {
  it("gives an abandoned stage's slot back when the run gives up on it, before the run ends", async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    let finishLate: (() => void) | undefined;
    // Ignores its signal; settles only when the test lets it, long after the run gave up on it.
    const hung = defineStage({
      name: "hung",
      execute: () => new Promise<void>((resolve) => (finishLate = resolve)),
    });
    const controller = new AbortController();
    const running = new Pipeline("p").withStage(hung).run(ContextSnapshot.create(), {
      clock,
      signal: controller.signal,
      abortGraceMs: 10,
      plugins: [slotLogger(log)],
    });
    await flush();
    expect(log).toEqual(["acquire:hung"]);
    controller.abort(new Error("client left"));
    await clock.advance(10);
    const result = await running;
    expect(result.status).toBe("cancelled");
    expect(result.stages.hung?.status).toBe("cancel");
    expect(log).toEqual(["acquire:hung", "release:hung", "runEnd"]);

    // The stage finally settles: its slot is not given back a second time.
    expect(finishLate).toBeTypeOf("function");
    finishLate?.();
    await flush();
    expect(log).toEqual(["acquire:hung", "release:hung", "runEnd"]);
  });

  it("releases each slot exactly once on the normal path, as the stage settles", async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const a = defineStage({ name: "a", execute: () => ({ a: 1 }) });
    const b = defineStage({ name: "b", execute: () => ({ b: 2 }) });
    const result = await new Pipeline("p")
      .withStage(a)
      .withStage(b, { dependsOn: [a] })
      .run(ContextSnapshot.create(), { clock, plugins: [slotLogger(log)] });
    await flush();
    expect(result.status).toBe("completed");
    // b already waits for a slot when a's is handed on; b's is back before the run ends.
    expect(log).toEqual(["acquire:a", "acquire:b", "release:a", "release:b", "runEnd"]);
  });

  it("reports a release function that throws in pluginErrors and still finishes the run", async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const a = defineStage({ name: "a", execute: () => ({ a: 1 }) });
    const b = defineStage({ name: "b", execute: () => ({ b: 2 }) });
    const result = await new Pipeline("p")
      .withStage(a)
      .withStage(b, { dependsOn: [a] })
      .run(ContextSnapshot.create(), { clock, plugins: [slotLogger(log, { throwOnRelease: true })] });
    expect(result.status).toBe("completed");
    expect(log).toEqual(["acquire:a", "acquire:b", "release:a", "release:b", "runEnd"]);
    expect(result.pluginErrors?.map((e) => e.message)).toEqual([
      'Plugin "slots" threw in the release function acquire returned for stage "a": release broke',
      'Plugin "slots" threw in the release function acquire returned for stage "b": release broke',
    ]);
  });
});
