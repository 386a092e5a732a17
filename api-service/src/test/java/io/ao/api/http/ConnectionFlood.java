package io.ao.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Many raw client connections to one port, watched by one thread with a selector until the server
 * closes them (a read answers -1, or the socket is reset). The same thread opens them, a batch per
 * turn, and sends the slow ones their next byte, so no connection waits for a thread to notice its
 * close. Everything is bounded: the connections planned, and the time {@link #runUntil} may take.
 */
final class ConnectionFlood implements AutoCloseable {

  /** What a connection sends. */
  enum Kind {
    /** Nothing at all. */
    SILENT,
    /** A request head that never ends, one byte every {@link #TRICKLE_MS}. */
    SLOWLORIS,
    /** A whole head announcing a body, then nothing: idle in the middle of a request. */
    STALLED_BODY,
    /** One whole request; after its response, nothing (idle between requests). */
    KEPT_ALIVE
  }

  static final long TRICKLE_MS = 100;

  private static final byte[] SLOWLORIS_START =
      ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  private static final byte[] STALLED_HEAD =
      ascii(
          "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n");
  private static final byte[] KEPT_ALIVE_REQUEST =
      ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  private static final int OPENED_PER_TURN = 50;

  /** One client connection and what happened to it. Times are System.nanoTime(). */
  static final class Connection {
    final Kind kind;
    final InetAddress from;
    SocketChannel channel;
    long openedAt;
    long lastReadAt = -1;
    long closedAt = -1;
    int bytesRead;

    Connection(Kind kind, InetAddress from) {
      this.kind = kind;
      this.from = from;
    }

    boolean closed() {
      return closedAt != -1;
    }

    /**
     * How long the server let it live: from its open, or from the response for a kept-alive one
     * (its deadline starts when the response ends); -1 while open.
     */
    long closedAfterMs() {
      if (!closed()) {
        return -1;
      }
      long from = kind == Kind.KEPT_ALIVE && lastReadAt != -1 ? lastReadAt : openedAt;
      return (closedAt - from) / 1_000_000;
    }
  }

  private final InetSocketAddress server;
  private final Selector selector;
  private final Deque<Connection> toOpen = new ArrayDeque<>();
  private final List<Connection> all = new ArrayList<>();
  private final List<Connection> trickling = new ArrayList<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(8192);
  private final ByteBuffer oneByte = ByteBuffer.allocate(1);
  private long nextTrickleAt;
  private volatile boolean allOpened;

  ConnectionFlood(int port) {
    this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Plans {@code count} connections of {@code kind} from the local address {@code from}. */
  ConnectionFlood plan(Kind kind, int count, String from) {
    InetAddress local = address(from);
    for (int i = 0; i < count; i++) {
      Connection connection = new Connection(kind, local);
      toOpen.add(connection);
      all.add(connection);
    }
    return this;
  }

  List<Connection> connections() {
    return all;
  }

  List<Connection> of(Kind kind) {
    return all.stream().filter(c -> c.kind == kind).toList();
  }

  /**
   * Opens what is planned and watches until {@code done} holds or {@code timeoutMs} passed; true
   * when {@code done} held. Runs on the calling thread.
   */
  boolean runUntil(java.util.function.BooleanSupplier done, long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      openSome();
      allOpened = toOpen.isEmpty();
      if (allOpened && done.getAsBoolean()) {
        return true;
      }
      selector.select(5);
      readReady();
      trickle();
    }
    return done.getAsBoolean();
  }

  /** Runs {@link #runUntil} on a thread of its own. */
  Thread runInBackground(java.util.function.BooleanSupplier done, long timeoutMs) {
    Thread thread =
        new Thread(
            () -> {
              try {
                runUntil(done, timeoutMs);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "connection-flood");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Whether every planned connection has been opened; safe to ask from another thread. */
  boolean allOpened() {
    return allOpened;
  }

  boolean allClosed() {
    return all.stream().allMatch(Connection::closed);
  }

  long closedCount() {
    return all.stream().filter(Connection::closed).count();
  }

  private void openSome() throws IOException {
    for (int i = 0; i < OPENED_PER_TURN && !toOpen.isEmpty(); i++) {
      Connection connection = toOpen.poll();
      SocketChannel channel = SocketChannel.open();
      channel.bind(new InetSocketAddress(connection.from, 0));
      channel.connect(server);
      connection.channel = channel;
      connection.openedAt = System.nanoTime();
      switch (connection.kind) {
        case SILENT -> {}
        case SLOWLORIS -> {
          send(connection, SLOWLORIS_START);
          trickling.add(connection);
        }
        case STALLED_BODY -> send(connection, STALLED_HEAD);
        case KEPT_ALIVE -> send(connection, KEPT_ALIVE_REQUEST);
      }
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, connection);
    }
  }

  private static void send(Connection connection, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    // still blocking here: a fresh loopback socket takes a few hundred bytes at once
    while (buffer.hasRemaining()) {
      connection.channel.write(buffer);
    }
  }

  private void readReady() {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      Connection connection = (Connection) key.attachment();
      try {
        int read;
        do {
          scratch.clear();
          read = connection.channel.read(scratch);
          if (read > 0) {
            connection.bytesRead += read;
            connection.lastReadAt = System.nanoTime();
          }
        } while (read > 0);
        if (read < 0) {
          closed(connection, key);
        }
      } catch (IOException reset) {
        closed(connection, key);
      }
    }
  }

  private void trickle() {
    long now = System.nanoTime();
    if (now < nextTrickleAt) {
      return;
    }
    nextTrickleAt = now + TRICKLE_MS * 1_000_000;
    for (Connection connection : trickling) {
      if (connection.closed()) {
        continue;
      }
      try {
        oneByte.clear();
        oneByte.put((byte) 'a').flip();
        connection.channel.write(oneByte);
      } catch (IOException brokenPipe) {
        closed(connection, connection.channel.keyFor(selector));
      }
    }
    trickling.removeIf(Connection::closed);
  }

  private static void closed(Connection connection, SelectionKey key) {
    connection.closedAt = System.nanoTime();
    if (key != null) {
      key.cancel();
    }
    try {
      connection.channel.close();
    } catch (IOException ignored) {
      // closed already by the peer; nothing left to release
    }
  }

  /** Per kind: how many, how many closed, and the min / median / max closed-after in ms. */
  String summary() {
    Map<Kind, List<Connection>> byKind =
        all.stream().collect(Collectors.groupingBy(c -> c.kind, TreeMap::new, Collectors.toList()));
    StringBuilder text = new StringBuilder();
    byKind.forEach(
        (kind, connections) -> {
          long[] after =
              connections.stream()
                  .filter(Connection::closed)
                  .mapToLong(Connection::closedAfterMs)
                  .sorted()
                  .toArray();
          text.append(
              String.format(
                  "%-12s %5d opened, %5d closed by the server, after min %d / median %d / max %d"
                      + " ms%n",
                  kind,
                  connections.size(),
                  after.length,
                  after.length == 0 ? -1 : after[0],
                  after.length == 0 ? -1 : after[after.length / 2],
                  after.length == 0 ? -1 : after[after.length - 1]));
        });
    return text.toString();
  }

  @Override
  public void close() {
    for (Connection connection : all) {
      if (connection.channel != null) {
        try {
          connection.channel.close();
        } catch (IOException ignored) {
          // the test is over; the server sees the close either way
        }
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing registered is used any more
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
