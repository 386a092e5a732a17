package io.ao.api.http;

import io.ao.shared.redis.ReplicaAckTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The API's one place for "Redis is not there right now": which failures mean it (answer 503, try
 * again) rather than a bug (500), and the answer itself. The chaos suite's Redis kill-and-restart
 * row (chaos module) produces each of these failures.
 */
public final class RedisOutages {

  /**
   * Redis answers that mean "not now" rather than "never": the connection dropped under a command
   * (CONNECTION_CLOSED), a restarted server still reads its append-only file (LOADING), a failover
   * is under way (MASTERDOWN, READONLY, TRYAGAIN, CLUSTERDOWN).
   */
  private static final List<String> TRANSIENT_REPLIES =
      List.of("CONNECTION_CLOSED", "LOADING", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN");

  /**
   * The sentinel client's failures while no Sentinel answers or none knows a master (its
   * SharedSentinelTopology): a failover or a Sentinel outage, not a bug.
   */
  private static final List<String> SENTINEL_NO_MASTER =
      List.of(
          "Cannot connect to any of the provided endpoints",
          "Failed to get SENTINEL",
          "Could not obtain sentinel topology");

  private RedisOutages() {}

  /** The one answer to a request that needs Redis while Redis is not there: 503, try again. */
  public static ProblemException unavailable() {
    return ProblemException.unavailable("Redis is unavailable; try again shortly");
  }

  /**
   * Fails fast with {@link #unavailable()} while the health monitor sees Redis down, for routes
   * that would otherwise wait on a connection that cannot come.
   */
  public static void requireUp(BooleanSupplier redisUp) {
    if (!redisUp.getAsBoolean()) {
      throw unavailable();
    }
  }

  /**
   * Redis at its {@code maxmemory} with {@code noeviction} refuses writes with OOM. A script is
   * refused at its first write, so nothing of it is stored: the request is a 503, and a retry after
   * operators make room (or leads are deleted) succeeds.
   */
  public static boolean isOutOfMemory(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ErrorType reply
          && (reply.is("OOM") || String.valueOf(reply.getMessage()).contains("OOM command"))) {
        return true;
      }
    }
    return false;
  }

  public static ProblemException outOfMemory() {
    return ProblemException.unavailable(
        "Redis has reached its memory limit; nothing was stored. Try again once space is freed");
  }

  /** The replica acknowledgement that did not come in time, if that is what failed. */
  public static ReplicaAckTimeoutException replicaAckTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReplicaAckTimeoutException timeout) {
        return timeout;
      }
    }
    return null;
  }

  /**
   * {@code redis.min_replicas_ack}: the master holds the write but not enough replicas confirmed
   * it. It may exist; the request id makes a retry safe.
   */
  public static ProblemException unconfirmed(ReplicaAckTimeoutException timeout) {
    return ProblemException.unavailable(
        timeout.getMessage()
            + " (redis.min_replicas_ack): the change may have been stored. Retry with the same"
            + " Idempotency-Key (creates) or If-Match (updates) to find or make it exactly once");
  }

  public static boolean isOutage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (SENTINEL_NO_MASTER.stream().anyMatch(String.valueOf(cause.getMessage())::startsWith)) {
        return true;
      }
      // SocketException covers a refused connect and a connection reset by a dying server
      if (cause instanceof SocketException
          || cause instanceof ClosedChannelException
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
