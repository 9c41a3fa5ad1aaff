/**
 * @module @langchain/langgraph: a StateGraph whose no-op nodes write their value into shared state.
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { Shape } from "../shapes.js";
import type { BenchSystem, Prepared, Probe } from "./system.js";

/**
 * One channel holding every node's value. Its reducer merges into the existing object instead of
 * copying it, the cheapest correct choice without a checkpointer (a copying reducer is O(N) per step).
 */
const State = Annotation.Root({
  values: Annotation<Record<string, number>>({
    reducer: (current, update) => Object.assign(current, update),
    default: () => ({}),
  }),
});

type GraphState = typeof State.State;
type Update = typeof State.Update;

/** LangGraph with one node per stage and joins (`addEdge([deps], node)`) for fan-in. */
export const langgraphSystem: BenchSystem = {
  id: "langgraph",
  label: "@langchain/langgraph 1.7.3",
  // A graph run goes through @langchain/core's AsyncLocalStorage, which turns on Node's promise hooks for
  // good: from the first run on, every promise in the process costs more, the floor's and Stageflow's too.
  isolated: true,
  prepare(shape: Shape, probe?: Probe): Prepared<GraphState> {
    const nodes: Record<string, (state: GraphState) => Promise<Update>> = {};
    shape.names.forEach((name, i) => {
      const depNames = shape.deps[i]!.map((d) => shape.names[d]!);
      nodes[name] = async (state) => {
        probe?.();
        let m = 0;
        for (const dep of depNames) {
          const v = state.values[dep]!;
          if (v > m) m = v;
        }
        return { values: { [name]: m + 1 } };
      };
    });
    const builder = new StateGraph(State).addNode(nodes);
    shape.names.forEach((name, i) => {
      const deps = shape.deps[i]!;
      if (deps.length === 0) builder.addEdge(START, name);
      else if (deps.length === 1) builder.addEdge(shape.names[deps[0]!]!, name);
      else
        builder.addEdge(
          deps.map((d) => shape.names[d]!),
          name,
        );
      if (shape.dependents[i]!.length === 0) builder.addEdge(name, END);
    });
    const graph = builder.compile();
    // Every superstep counts against the recursion limit; allow one per layer of the graph.
    const recursionLimit = shape.stages + 10;
    return {
      run: () => graph.invoke({ values: {} }, { recursionLimit }),
      lastValue: (state) => state.values[shape.names[shape.stages - 1]!]!,
    };
  },
};
