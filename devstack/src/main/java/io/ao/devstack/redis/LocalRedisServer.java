package io.ao.devstack.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server child process on a loopback port, for the run command and for tests. Data
 * lives in {@code dir}; with append-only on, a restart keeps it.
 */
public final class LocalRedisServer implements RedisTarget {

  private final Path binary;
  private final int port;
  private final Path dir;
  private final String appendFsync;
  private Process process;
  private boolean stopOnJvmExit = true;
  private boolean clusterEnabled;
  private String maxMemory;
  private final Thread reaper = new Thread(this::stop, "redis-reaper");

  private LocalRedisServer(Path binary, int port, Path dir, String appendFsync) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.appendFsync = appendFsync;
  }

  /**
   * @param port the loopback port; 0 picks a free one
   * @param dir the data directory (created if absent)
   * @param appendFsync null for no persistence, else "always", "everysec" or "no"
   */
  public static LocalRedisServer create(int port, Path dir, String appendFsync) {
    return withBinary(RedisBinary.locate(), port, dir, appendFsync);
  }

  /** As {@link #create}, with a given redis-server binary. */
  public static LocalRedisServer withBinary(Path binary, int port, Path dir, String appendFsync) {
    return new LocalRedisServer(binary, port == 0 ? FreePort.find() : port, dir, appendFsync);
  }

  /**
   * By default a JVM that exits stops its Redis, so a crashed test run leaks nothing. The run
   * command turns this off: it stops Redis itself, after the services.
   */
  public LocalRedisServer stopOnJvmExit(boolean value) {
    this.stopOnJvmExit = value;
    return this;
  }

  /**
   * Starts the server as a Redis Cluster node (its node id and slot map in nodes.conf in {@code
   * dir}); {@link LocalRedisCluster} joins such nodes into a cluster.
   */
  /**
   * A {@code maxmemory} (as redis-server reads it, e.g. "1gb") with the {@code noeviction} policy:
   * a full Redis refuses writes rather than dropping tasks or leads. Null: no limit.
   */
  public LocalRedisServer maxMemory(String value) {
    this.maxMemory = value;
    return this;
  }

  public LocalRedisServer clusterEnabled(boolean value) {
    this.clusterEnabled = value;
    return this;
  }

  @Override
  public synchronized LocalRedisServer start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      Files.createDirectories(dir);
      List<String> command =
          new ArrayList<>(RedisServerCommand.of(binary, port, dir, appendFsync, clusterEnabled));
      if (maxMemory != null) {
        command.addAll(List.of("--maxmemory", maxMemory, "--maxmemory-policy", "noeviction"));
      }
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.out").toFile())
              .start();
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException notRegistered) {
      // first start: nothing to remove
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    registerReaper();
    awaitPing();
    return this;
  }

  private void registerReaper() {
    if (!stopOnJvmExit) {
      return;
    }
    try {
      Runtime.getRuntime().addShutdownHook(reaper);
    } catch (IllegalArgumentException alreadyRegistered) {
      // restart of the same server
    }
  }

  private void awaitPing() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (RespPing.answers(port)) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(20);
    }
    String log = logTail();
    killQuietly();
    throw new IllegalStateException(
        "redis-server " + binary + " did not answer on port " + port + ":\n" + log);
  }

  /** Clean stop: SHUTDOWN flushes the append-only file first. */
  @Override
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    RespPing.command(port, "SHUTDOWN");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL, for fault tests: whatever is not yet on disk is lost. */
  public synchronized void kill() {
    killQuietly();
  }

  /** Stops and starts again on the same port and data directory. */
  public synchronized void restart() {
    stop();
    start();
  }

  public boolean isRunning() {
    return process != null && process.isAlive() && RespPing.answers(port);
  }

  public int port() {
    return port;
  }

  @Override
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public List<String> clusterUrls() {
    return List.of();
  }

  @Override
  public void flushAll() {
    String reply = RespPing.command(port, "FLUSHALL");
    if (!"+OK".equals(reply)) {
      throw new IllegalStateException("FLUSHALL on port " + port + " answered " + reply);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path binary() {
    return binary;
  }

  @Override
  public String version() {
    String info = RespPing.bulk(port, "INFO server");
    if (info != null) {
      for (String line : info.split("\r\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length());
        }
      }
    }
    return "";
  }

  private void killQuietly() {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      try {
        running.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String logTail() {
    try {
      Path log = dir.resolve("redis.log");
      Path out = dir.resolve("redis.out");
      String text =
          (Files.exists(log) ? Files.readString(log) : "")
              + (Files.exists(out) ? Files.readString(out) : "");
      return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
