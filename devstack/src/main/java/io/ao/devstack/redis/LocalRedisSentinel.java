package io.ao.devstack.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Sentinel-managed Redis on loopback, for tests: one master, its replicas and a few Sentinels
 * ({@code redis-server --sentinel}, so the embedded binary serves too), each on a free port. Only
 * commands Redis 6.2 knows, no redis-cli. Sentinels notice a dead master after {@link
 * #DOWN_AFTER_MS} and promote a replica; a killed master started again comes back as a replica of
 * the new one.
 */
public final class LocalRedisSentinel implements RedisTarget {

  public static final String MASTER_NAME = "aomaster";
  public static final int QUORUM = 2;
  static final int DOWN_AFTER_MS = 1_000;
  private static final int FAILOVER_TIMEOUT_MS = 5_000;

  private final Path dir;
  private final Path binary;
  private final List<LocalRedisServer> dataNodes = new ArrayList<>();
  private final List<SentinelProcess> sentinels = new ArrayList<>();

  private LocalRedisSentinel(Path dir, Path binary) {
    this.dir = dir;
    this.binary = binary;
  }

  /**
   * Starts a master with {@code replicas} replicas and {@code sentinelCount} Sentinels under {@code
   * dir}, and waits until every Sentinel sees the master, its replicas and the other Sentinels.
   *
   * @param appendFsync the data nodes' append-only fsync policy, or null for none
   */
  public static LocalRedisSentinel start(
      int replicas, int sentinelCount, Path dir, String appendFsync) {
    return start(RedisBinary.locate(), replicas, sentinelCount, dir, appendFsync);
  }

  /** As {@link #start(int, int, Path, String)}, every process running {@code binary}. */
  public static LocalRedisSentinel start(
      Path binary, int replicas, int sentinelCount, Path dir, String appendFsync) {
    LocalRedisSentinel set = new LocalRedisSentinel(dir, binary);
    try {
      for (int i = 0; i <= replicas; i++) {
        LocalRedisServer node =
            LocalRedisServer.withBinary(
                    set.binary, outsideEphemeralRange(), dir.resolve("node-" + i), appendFsync)
                .start();
        set.dataNodes.add(node);
      }
      int masterPort = set.dataNodes.get(0).port();
      for (LocalRedisServer replica : set.dataNodes.subList(1, set.dataNodes.size())) {
        expect(
            replica.port(), List.of("REPLICAOF", "127.0.0.1", Integer.toString(masterPort)), "+OK");
      }
      set.awaitReplicasOnline(masterPort, replicas);
      for (int i = 0; i < sentinelCount; i++) {
        set.sentinels.add(
            new SentinelProcess(set.binary, outsideEphemeralRange(), dir.resolve("sentinel-" + i))
                .start(masterPort));
      }
      set.awaitSentinelsAgree(replicas);
      return set;
    } catch (RuntimeException failed) {
      set.destroy();
      throw failed;
    }
  }

  /**
   * A free port below the kernel's ephemeral range (32768 and up on Linux), which {@link
   * FreePort#find()} hands out: a test picks its SMTP or CRM port that way before the set starts,
   * and six processes taking the next ephemeral ports would collide with one such port chosen but
   * not yet bound.
   */
  private static int outsideEphemeralRange() {
    for (int tries = 0; tries < 200; tries++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (FreePort.isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }

  /** The data node the Sentinels name as master now; null while none is known. */
  public LocalRedisServer master() {
    Integer port = masterPortFromSentinels();
    if (port == null) {
      return null;
    }
    return dataNodes.stream().filter(node -> node.port() == port).findFirst().orElse(null);
  }

  /** Master first, then the replicas, as started (roles change with failovers). */
  public List<LocalRedisServer> dataNodes() {
    return List.copyOf(dataNodes);
  }

  public List<String> sentinelUrls() {
    return sentinels.stream().map(s -> "redis://127.0.0.1:" + s.port).toList();
  }

  /** The port the first Sentinel that answers names as master; null when none knows one. */
  public Integer masterPortFromSentinels() {
    for (SentinelProcess sentinel : sentinels) {
      String reply =
          RespPing.arrayLines(
              sentinel.port, List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME));
      if (reply != null && reply.split("\n").length == 2) {
        return Integer.parseInt(reply.split("\n")[1]);
      }
    }
    return null;
  }

  /**
   * Waits until the Sentinels name a master other than {@code oldPort} that answers as a master;
   * returns its port.
   */
  public int awaitNewMaster(int oldPort, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      Integer port = masterPortFromSentinels();
      if (port != null && port != oldPort && role(port).equals("master")) {
        return port;
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "no new master within " + timeoutMs + " ms; Sentinels name " + masterPortFromSentinels());
  }

  /** Waits until the node on {@code port} is a replica whose link to the master is up. */
  public void awaitReplicaOnline(int port, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      String info = RespPing.bulk(port, "INFO replication");
      if (info != null && info.contains("role:slave") && info.contains("master_link_status:up")) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "port " + port + " did not become a connected replica within " + timeoutMs + " ms");
  }

  /** A manual failover (SENTINEL FAILOVER): the master is healthy and becomes a replica. */
  public void failover() {
    expect(sentinels.get(0).port, List.of("SENTINEL", "FAILOVER", MASTER_NAME), "+OK");
  }

  /** "master" or "slave" from INFO replication; "" when the node does not answer. */
  public static String role(int port) {
    String info = RespPing.bulk(port, "INFO replication");
    if (info == null) {
      return "";
    }
    for (String line : info.split("\r\n")) {
      if (line.startsWith("role:")) {
        return line.substring("role:".length());
      }
    }
    return "";
  }

  private void awaitReplicasOnline(int masterPort, int replicas) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String info = RespPing.bulk(masterPort, "INFO replication");
      if (info != null && info.contains("connected_slaves:" + replicas)) {
        long online = info.lines().filter(l -> l.contains("state=online")).count();
        if (online == replicas) {
          return;
        }
      }
      sleep(50);
    }
    throw new IllegalStateException("replicas did not come online within 30 s");
  }

  private void awaitSentinelsAgree(int replicas) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (SentinelProcess sentinel : sentinels) {
        String info = RespPing.bulk(sentinel.port, "INFO sentinel");
        last = info == null ? "(no answer)" : info;
        all &=
            info != null
                && info.contains("name=" + MASTER_NAME + ",status=ok")
                && info.contains("slaves=" + replicas + ",sentinels=" + sentinels.size());
      }
      if (all) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("Sentinels did not agree within 30 s; last saw " + last);
  }

  /** The current master's URL (as the Sentinels name it), for tools that need one server. */
  @Override
  public String url() {
    LocalRedisServer master = master();
    return (master == null ? dataNodes.get(0) : master).url();
  }

  @Override
  public String mode() {
    return "sentinel";
  }

  @Override
  public List<String> clusterUrls() {
    return List.of();
  }

  @Override
  public String version() {
    return dataNodes.get(0).version();
  }

  @Override
  public void flushAll() {
    LocalRedisServer master = master();
    if (master == null) {
      throw new IllegalStateException("no master known to the Sentinels");
    }
    master.flushAll();
  }

  /** Stops every data node and Sentinel (keeping their files). */
  @Override
  public void stop() {
    sentinels.forEach(SentinelProcess::stop);
    dataNodes.forEach(LocalRedisServer::stop);
  }

  /**
   * Starts everything again after {@link #stop()}: the Sentinels from the files they rewrote, and
   * every data node but the master they name as its replica again (a node started by hand comes up
   * as a master), then waits until the set is as {@link #start(int, int, Path, String)} left it.
   */
  @Override
  public LocalRedisSentinel start() {
    dataNodes.forEach(LocalRedisServer::start);
    sentinels.forEach(sentinel -> sentinel.start(null));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Integer masterPort = masterPortFromSentinels();
    while (masterPort == null && System.nanoTime() < deadline) {
      sleep(50);
      masterPort = masterPortFromSentinels();
    }
    if (masterPort == null) {
      throw new IllegalStateException("no Sentinel names a master after the restart");
    }
    for (LocalRedisServer node : dataNodes) {
      if (node.port() != masterPort) {
        expect(node.port(), List.of("REPLICAOF", "127.0.0.1", Integer.toString(masterPort)), "+OK");
      }
    }
    awaitReplicasOnline(masterPort, dataNodes.size() - 1);
    awaitSentinelsAgree(dataNodes.size() - 1);
    return this;
  }

  /** Stops everything and deletes the set's directory. */
  public void destroy() {
    stop();
    try {
      DataDirectory.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The services' environment in sentinel mode. */
  @Override
  public Map<String, String> environment() {
    String urls =
        sentinelUrls().stream()
            .map(url -> '"' + url + '"')
            .collect(Collectors.joining(",", "[", "]"));
    return Map.of(
        "AO_REDIS_MODE", "sentinel",
        "AO_REDIS_SENTINELS", urls,
        "AO_REDIS_MASTER_NAME", MASTER_NAME);
  }

  private static void expect(int port, List<String> command, String expected) {
    String reply = RespPing.array(port, command);
    if (!expected.equals(reply)) {
      throw new IllegalStateException(
          String.join(" ", command) + " on port " + port + " answered " + reply);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One {@code redis-server sentinel.conf --sentinel} child; it rewrites its file as it learns. */
  private static final class SentinelProcess {
    private final Path binary;
    private final int port;
    private final Path dir;
    private Process process;
    private final Thread reaper = new Thread(this::stop, "sentinel-reaper");

    SentinelProcess(Path binary, int port, Path dir) {
      this.binary = binary;
      this.port = port;
      this.dir = dir;
    }

    /** {@code masterPort} null: start again with the file the Sentinel rewrote. */
    SentinelProcess start(Integer masterPort) {
      try {
        Files.createDirectories(dir);
        Path conf = dir.resolve("sentinel.conf");
        if (masterPort != null) {
          Files.writeString(
              conf,
              String.join(
                  "\n",
                  "port " + port,
                  "bind 127.0.0.1",
                  "daemonize no",
                  "dir " + dir.toAbsolutePath(),
                  "logfile sentinel.log",
                  "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + QUORUM,
                  "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
                  "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MS,
                  "sentinel parallel-syncs " + MASTER_NAME + " 1",
                  ""));
        }
        process =
            new ProcessBuilder(binary.toString(), conf.toAbsolutePath().toString(), "--sentinel")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel.out").toFile())
                .start();
        try {
          Runtime.getRuntime().addShutdownHook(reaper);
        } catch (IllegalArgumentException alreadyRegistered) {
          // a restart
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not start a Sentinel with " + binary, e);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (RespPing.answers(port)) {
          return this;
        }
        if (!process.isAlive()) {
          break;
        }
        sleep(20);
      }
      throw new IllegalStateException(
          "Sentinel on port " + port + " did not answer; see " + dir.resolve("sentinel.out"));
    }

    void stop() {
      Process running = process;
      if (running == null || !running.isAlive()) {
        return;
      }
      running.destroy();
      try {
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
