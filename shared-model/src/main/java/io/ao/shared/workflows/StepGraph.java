package io.ao.shared.workflows;

import io.ao.shared.workflows.Step.ConditionStep;
import io.ao.shared.workflows.Step.EndStep;
import io.ao.shared.workflows.Step.TaskStep;
import io.ao.shared.workflows.Step.WaitForStep;
import io.ao.shared.workflows.Step.WaitStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The steps as a directed graph, each step an edge to every step it may go to: {@code next} or
 * (without one) the following step in the list, {@code then}, {@code else}, {@code on_timeout}. An
 * end step, and the last step without {@code next}, have none: the run succeeds there.
 *
 * <p>Three checks, each a problem naming a field:
 *
 * <ul>
 *   <li>a jump to no step ({@code steps[i].next}, {@code .then}, {@code .else}, {@code
 *       .on_timeout});
 *   <li>a cycle: every run must end, and a loop in data would be a run that never does (waits
 *       included: a loop with a wait is a lead mailed every two days forever). Reported at the edge
 *       that closes it, in a depth-first walk from the steps in list order;
 *   <li>a step no path from the first step reaches ({@code steps[i]}, "unreachable"). Such a step
 *       can never run, which is almost always a typo: a {@code then} naming the wrong step, or a
 *       {@code next} that skips over it. Refusing it turns a silent dead branch into a 422.
 * </ul>
 */
final class StepGraph {

  /** An edge: the field it comes from ("" for the implicit following step) and its target. */
  private record Edge(String field, String target) {}

  private final List<String> names;
  private final List<Step> steps;
  private final Map<String, Integer> index;

  /**
   * @param names by index, the step's name, or null where it had none
   * @param steps by index, the parsed step, or null where it had problems
   * @param index name → the index of the first step of that name
   */
  StepGraph(List<String> names, List<Step> steps, Map<String, Integer> index) {
    this.names = names;
    this.steps = steps;
    this.index = index;
  }

  void check(BiConsumer<String, String> problem) {
    List<List<Integer>> targets = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      List<Integer> resolved = new ArrayList<>();
      for (Edge edge : edges(i)) {
        Integer target = index.get(edge.target());
        if (target == null) {
          problem.accept("steps[" + i + "]." + edge.field(), "jumps to no step: " + edge.target());
        } else {
          resolved.add(target);
        }
      }
      targets.add(resolved);
    }
    findCycles(targets, problem);
    // a step with problems has unknown edges: what it would reach cannot be told
    if (!steps.contains(null)) {
      findUnreachable(targets, problem);
    }
  }

  private List<Edge> edges(int i) {
    Step step = steps.get(i);
    List<Edge> edges = new ArrayList<>();
    if (step == null || step instanceof EndStep) {
      return edges;
    }
    if (step instanceof ConditionStep condition) {
      edges.add(new Edge("then", condition.then()));
      edges.add(new Edge("else", condition.otherwise()));
      return edges;
    }
    Optional<String> next =
        step instanceof TaskStep task
            ? task.next()
            : step instanceof WaitStep wait ? wait.next() : ((WaitForStep) step).next();
    if (next.isPresent()) {
      edges.add(new Edge("next", next.get()));
    } else if (i + 1 < steps.size() && names.get(i + 1) != null) {
      edges.add(new Edge("", names.get(i + 1)));
    }
    if (step instanceof WaitForStep waitFor) {
      edges.add(new Edge("on_timeout", waitFor.onTimeout()));
    }
    return edges;
  }

  /** Depth-first, iterative; an edge to a step on the current path closes a cycle. */
  private void findCycles(List<List<Integer>> targets, BiConsumer<String, String> problem) {
    int size = steps.size();
    int[] state = new int[size]; // 0 unvisited, 1 on the current path, 2 done
    int[] nextEdge = new int[size];
    for (int start = 0; start < size; start++) {
      if (state[start] != 0) {
        continue;
      }
      Deque<Integer> path = new ArrayDeque<>();
      path.push(start);
      state[start] = 1;
      while (!path.isEmpty()) {
        int at = path.peek();
        List<Integer> out = targets.get(at);
        if (nextEdge[at] == out.size()) {
          state[at] = 2;
          path.pop();
          continue;
        }
        int edgeIndex = nextEdge[at]++;
        int to = out.get(edgeIndex);
        if (state[to] == 0) {
          state[to] = 1;
          path.push(to);
        } else if (state[to] == 1) {
          problem.accept(closingField(at, to), "closes a cycle: " + cycle(path, to));
        }
      }
    }
  }

  /** The field of the edge from {@code from} to {@code to}. */
  private String closingField(int from, int to) {
    for (Edge edge : edges(from)) {
      if (Integer.valueOf(to).equals(index.get(edge.target()))) {
        return edge.field().isEmpty()
            ? "steps[" + from + "]"
            : "steps[" + from + "]." + edge.field();
      }
    }
    return "steps[" + from + "]";
  }

  /** "a → b → a", from the path's stack (innermost first). */
  private String cycle(Deque<Integer> path, int to) {
    List<String> loop = new ArrayList<>();
    for (int step : path) {
      loop.add(0, names.get(step));
      if (step == to) {
        break;
      }
    }
    loop.add(names.get(to));
    return String.join(" → ", loop) + "; every run must end";
  }

  private void findUnreachable(List<List<Integer>> targets, BiConsumer<String, String> problem) {
    boolean[] reached = new boolean[steps.size()];
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    reached[0] = true;
    while (!queue.isEmpty()) {
      for (int to : targets.get(queue.poll())) {
        if (!reached[to]) {
          reached[to] = true;
          queue.add(to);
        }
      }
    }
    for (int i = 0; i < reached.length; i++) {
      if (!reached[i]) {
        problem.accept(
            "steps[" + i + "]",
            "unreachable: no path from the first step ("
                + names.get(0)
                + ") leads to "
                + names.get(i)
                + "; is a next, then, else or on_timeout misspelt?");
      }
    }
  }
}
