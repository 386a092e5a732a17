package io.ao.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the real jars running as its own JVM, as in production: the suite sends it the signals an
 * orchestrator would (SIGTERM to stop, SIGKILL to crash) and reads its readiness over HTTP. Output
 * goes to a log file per start, kept for the post-mortem.
 */
final class JavaService {

  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path logDir;
  private final String readyUrl;
  private Process process;
  private int starts;
  private volatile boolean ready;

  JavaService(
      String name,
      Path jar,
      List<String> args,
      Map<String, String> env,
      Path logDir,
      String readyUrl) {
    this.name = name;
    this.command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xms64m",
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
    this.command.addAll(args);
    this.env = Map.copyOf(env);
    this.logDir = logDir;
    this.readyUrl = readyUrl;
  }

  String name() {
    return name;
  }

  synchronized JavaService start() {
    try {
      Files.createDirectories(logDir);
      starts++;
      ready = false;
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logDir.resolve(name + "-" + starts + ".log").toFile());
      builder.environment().putAll(env);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  /** Polls the readiness URL; false when the process died or the time ran out. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(1)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        return false;
      }
      try {
        if (PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          ready = true;
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** The readiness answer's body now (status and, for a service that shows it, Redis). */
  String readiness() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(2)).GET().build();
    return PROBE.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Alive and seen ready since its last start. */
  boolean isServing() {
    return ready && isAlive();
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM: the service drains and exits by itself. */
  synchronized void terminate() {
    if (process != null) {
      process.destroy();
    }
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is left where it was. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits for the exit; the exit code, or -1 when it is still running after the timeout. */
  int awaitExit(Duration timeout) throws InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current == null) {
      return 0;
    }
    return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? current.exitValue() : -1;
  }

  /** The end of a stop: SIGTERM, and SIGKILL for what outlives the grace. */
  void stop(Duration grace) throws InterruptedException {
    terminate();
    if (awaitExit(grace) == -1) {
      kill();
    }
  }
}
