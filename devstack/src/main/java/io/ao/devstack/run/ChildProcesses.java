package io.ao.devstack.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The services the run command started, stopped together and in reverse order. */
final class ChildProcesses {

  private final Map<String, Process> byName = new LinkedHashMap<>();

  synchronized void start(String name, List<String> command, Map<String, String> env, Path dir) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
    builder.environment().putAll(env);
    try {
      byName.put(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  synchronized boolean allAlive() {
    return byName.values().stream().allMatch(Process::isAlive);
  }

  /** Blocks until any service exits; returns its name. */
  String awaitFirstExit() {
    List<CompletableFuture<String>> exits = new ArrayList<>();
    synchronized (this) {
      byName.forEach(
          (name, process) ->
              exits.add(process.onExit().thenApply(p -> name + " (exit " + p.exitValue() + ")")));
    }
    return (String) CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)).join();
  }

  /**
   * SIGTERM to each (graceful: the worker finishes its tasks), then SIGKILL what outlives the
   * grace.
   */
  synchronized void stopAll(Duration grace) {
    List<Process> reversed = new ArrayList<>(byName.values());
    Collections.reverse(reversed);
    reversed.forEach(Process::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process process : reversed) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
