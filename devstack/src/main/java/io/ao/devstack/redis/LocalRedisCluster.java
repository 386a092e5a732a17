package io.ao.devstack.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Redis Cluster of N masters (no replicas) on loopback, for tests: N cluster-enabled {@link
 * LocalRedisServer}s joined with CLUSTER MEET, the 16384 slots split evenly with CLUSTER ADDSLOTS.
 * Only commands Redis 6.2 knows (the embedded binary), no redis-cli.
 */
public final class LocalRedisCluster implements RedisTarget {

  public static final int SLOTS = 16384;
  private static final int BUS_PORT_OFFSET = 10000;
  private static final Set<Integer> OTHERS_PORTS = Set.of(6379, 6390, 16379, 16390);

  private final Path dir;
  private final List<LocalRedisServer> nodes = new ArrayList<>();

  private LocalRedisCluster(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts {@code masters} nodes under {@code dir} and waits until every one of them agrees on the
   * slot map.
   */
  public static LocalRedisCluster start(int masters, Path dir) {
    LocalRedisCluster cluster = new LocalRedisCluster(dir);
    try {
      Set<Integer> taken = new TreeSet<>();
      for (int i = 0; i < masters; i++) {
        int port = clientPortWithFreeBusPort(taken);
        // An append-only file, as a single test server has: a stop and start keeps the data
        // (users included), as a restarted production node would.
        cluster.nodes.add(
            LocalRedisServer.withBinary(
                    RedisBinary.locate(), port, dir.resolve("node-" + i), "everysec")
                .clusterEnabled(true)
                .start());
      }
      cluster.join();
      return cluster;
    } catch (RuntimeException failed) {
      cluster.destroy();
      throw failed;
    }
  }

  /**
   * The bus listens on port + 10000, so both must be free; ports above 55535 have no room for a bus
   * port, which is why the kernel's ephemeral range is not used.
   */
  private static int clientPortWithFreeBusPort(Set<Integer> taken) {
    for (int tries = 0; tries < 200; tries++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 50_000);
      int bus = port + BUS_PORT_OFFSET;
      if (!taken.contains(port)
          && !taken.contains(bus)
          && !OTHERS_PORTS.contains(port)
          && !OTHERS_PORTS.contains(bus)
          && FreePort.isFree(port)
          && FreePort.isFree(bus)) {
        taken.add(port);
        taken.add(bus);
        return port;
      }
    }
    throw new IllegalStateException("no free pair of client and cluster-bus ports found");
  }

  private void join() {
    LocalRedisServer first = nodes.get(0);
    for (LocalRedisServer node : nodes.subList(1, nodes.size())) {
      expectOk(first, List.of("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port())));
    }
    for (int i = 0; i < nodes.size(); i++) {
      List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      for (int slot = firstSlot(i); slot < firstSlot(i + 1); slot++) {
        addSlots.add(Integer.toString(slot));
      }
      expectOk(nodes.get(i), addSlots);
    }
    awaitAgreement();
  }

  private int firstSlot(int node) {
    return node * SLOTS / nodes.size();
  }

  private static void expectOk(LocalRedisServer node, List<String> command) {
    String reply = RespPing.array(node.port(), command);
    if (!"+OK".equals(reply)) {
      throw new IllegalStateException(
          command.get(0) + " " + command.get(1) + " on port " + node.port() + " answered " + reply);
    }
  }

  /**
   * Ready when every node reports cluster_state:ok and the same map of slot ranges to ports: until
   * gossip has settled, a client that asks a lagging node gets a partial map.
   */
  private void awaitAgreement() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      Set<String> views = new TreeSet<>();
      boolean allOk = true;
      for (LocalRedisServer node : nodes) {
        String info = RespPing.bulk(node.port(), "CLUSTER INFO");
        allOk &= info != null && info.contains("cluster_state:ok");
        views.add(slotMap(node.port()));
      }
      last = views.toString();
      if (allOk && views.size() == 1 && !views.contains("")) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("cluster did not settle within 30 s; slot maps seen: " + last);
  }

  /**
   * "port:range ..." for every master that serves slots, from one node's CLUSTER NODES; "" when
   * incomplete.
   */
  private String slotMap(int port) {
    String text = RespPing.bulk(port, "CLUSTER NODES");
    if (text == null) {
      return "";
    }
    Set<String> entries = new TreeSet<>();
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 9 || !fields[2].contains("master")) {
        continue;
      }
      String address = fields[1].substring(fields[1].lastIndexOf(':') + 1, fields[1].indexOf('@'));
      for (int i = 8; i < fields.length; i++) {
        entries.add(address + ":" + fields[i]);
      }
    }
    return entries.size() == nodes.size() ? String.join(" ", entries) : "";
  }

  public List<LocalRedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** A seed URL: any one node is enough for a client to learn the whole slot map. */
  @Override
  public String url() {
    return nodes.get(0).url();
  }

  /** Every node's URL, as a client's list of seeds. */
  @Override
  public List<String> clusterUrls() {
    return nodes.stream().map(LocalRedisServer::url).toList();
  }

  /** Every node runs the same binary. */
  @Override
  public String version() {
    return nodes.get(0).version();
  }

  /** The slot Redis hashes {@code key} to (CLUSTER KEYSLOT, so the server's own rule decides). */
  public int keySlot(String key) {
    String reply = RespPing.array(nodes.get(0).port(), List.of("CLUSTER", "KEYSLOT", key));
    if (reply == null || !reply.startsWith(":")) {
      throw new IllegalStateException("CLUSTER KEYSLOT answered " + reply);
    }
    return Integer.parseInt(reply.substring(1));
  }

  /** The port of the master that serves {@code key}. */
  public int masterPortOf(String key) {
    int slot = keySlot(key);
    for (int i = 0; i < nodes.size(); i++) {
      if (slot >= firstSlot(i) && slot < firstSlot(i + 1)) {
        return nodes.get(i).port();
      }
    }
    throw new IllegalStateException("slot " + slot + " is served by no node");
  }

  /** FLUSHALL on every master: a client's FLUSHALL (no key) reaches one node only. */
  @Override
  public void flushAll() {
    for (LocalRedisServer node : nodes) {
      String reply = RespPing.command(node.port(), "FLUSHALL");
      if (!"+OK".equals(reply)) {
        throw new IllegalStateException("FLUSHALL on port " + node.port() + " answered " + reply);
      }
    }
  }

  /** Stops every node; nodes.conf keeps each node's id and slots for {@link #start()}. */
  @Override
  public void stop() {
    nodes.forEach(LocalRedisServer::stop);
  }

  @Override
  public LocalRedisCluster start() {
    nodes.forEach(LocalRedisServer::start);
    awaitAgreement();
    return this;
  }

  /** Stops every node and deletes the cluster's directory. */
  public void destroy() {
    stop();
    try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
