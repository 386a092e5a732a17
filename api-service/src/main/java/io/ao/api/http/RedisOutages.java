package io.ao.api.http;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * Which failures mean "Redis is not there right now" (answer 503, try again) rather than a
 * bug (500). Every one of them was seen under the chaos suite's Redis SIGKILL and restart.
 */
public final class RedisOutages {

  /**
   * Redis answers that mean "not now" rather than "never": the connection dropped under a
   * command (CONNECTION_CLOSED), a restarted server still reads its append-only file
   * (LOADING), a failover is under way (MASTERDOWN, READONLY, TRYAGAIN, CLUSTERDOWN).
   */
  private static final List<String> TRANSIENT_REPLIES =
    List.of("CONNECTION_CLOSED", "LOADING", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN");

  private RedisOutages() {
  }

  public static boolean isOutage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // SocketException covers a refused connect and a connection reset by a dying server
      if (cause instanceof SocketException || cause instanceof ClosedChannelException
        || cause instanceof ConnectionPoolTooBusyException) {
        return true;
      }
      if (cause instanceof ErrorType reply && TRANSIENT_REPLIES.stream().anyMatch(reply::is)) {
        return true;
      }
    }
    return false;
  }
}
