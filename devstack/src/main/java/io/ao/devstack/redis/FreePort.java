package io.ao.devstack.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loopback port nobody listens on right now (never Redis's standard 6379), and none this JVM
 * handed out lately: two callers that each ask before either binds (an API port and its metrics
 * port) must not be given the same one, which the OS may do once the probe socket is closed.
 */
public final class FreePort {

  /** Ports handed out recently, oldest first; bounded so a long test run does not run out. */
  private static final Set<Integer> RECENT = new LinkedHashSet<>();

  private static final int REMEMBERED = 512;

  private FreePort() {}

  public static synchronized int find() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (port != 6379 && RECENT.add(port)) {
          if (RECENT.size() > REMEMBERED) {
            Iterator<Integer> oldest = RECENT.iterator();
            oldest.next();
            oldest.remove();
          }
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port found");
  }

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
