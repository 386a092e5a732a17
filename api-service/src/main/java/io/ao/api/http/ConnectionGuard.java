package io.ao.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Watches the connections of one HTTP verticle from accept to close. A connection's life:
 *
 * <ol>
 *   <li>It opens: {@link ConnectionLimits} admits it, or it is closed at once, before a byte of it
 *       is read. An admitted one gets its request-head deadline.
 *   <li>A request's head arrives (the server calls the request handler): the deadline is off.
 *   <li>The response ends and no further request is under way: the deadline is set again, for the
 *       next head on this kept-alive connection.
 *   <li>The deadline passes with no head: the connection is closed. The idle timeout cannot do this
 *       for a client that sends its head a byte at a time, as every byte makes it not idle.
 *   <li>It closes, for any reason: its counts are given back and its timer cancelled.
 * </ol>
 *
 * Every handler runs on this verticle's event loop (Vert.x calls a server's handlers on the context
 * that created it), so the map needs no lock.
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final long headTimeoutMs;
  private final Counter refusedPerAddress;
  private final Counter refusedTotal;
  private final Counter headTimeouts;
  private final Map<HttpConnection, Watch> watches = new IdentityHashMap<>();

  public ConnectionGuard(
      Vertx vertx, ConnectionLimits limits, long headTimeoutMs, MeterRegistry registry) {
    this.vertx = vertx;
    this.limits = limits;
    this.headTimeoutMs = headTimeoutMs;
    this.refusedPerAddress = refused(registry, "per_address");
    this.refusedTotal = refused(registry, "total");
    this.headTimeouts =
        Counter.builder("ao_http_request_head_timeouts_total")
            .description("Connections closed for not sending a request head in time")
            .register(registry);
  }

  private static Counter refused(MeterRegistry registry, String cap) {
    return Counter.builder("ao_http_connections_refused_total")
        .description("Connections closed on opening because a cap was reached")
        .tag("cap", cap)
        .register(registry);
  }

  /** The server's connection handler. */
  public void opened(HttpConnection connection) {
    String address =
        connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
    switch (limits.admit(address)) {
      case OVER_ADDRESS_CAP -> refuse(connection, refusedPerAddress);
      case OVER_TOTAL_CAP -> refuse(connection, refusedTotal);
      case ADMITTED -> {
        Watch watch = new Watch(connection, address);
        watches.put(connection, watch);
        connection.closeHandler(closed -> watch.closed());
        watch.arm();
      }
    }
  }

  private static void refuse(HttpConnection connection, Counter counter) {
    counter.increment();
    connection.close();
  }

  /** {@code next}, called once the guard has seen that a request's head arrived. */
  public Handler<HttpServerRequest> onHead(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watches.get(request.connection());
      if (watch != null) {
        watch.headArrived();
      }
      next.handle(request);
    };
  }

  /**
   * A route handler for every request, to learn when its response ended: the response's own end
   * hook is a single slot that the router takes for itself, while the routing context keeps a list.
   */
  public void untilResponseEnds(RoutingContext ctx) {
    Watch watch = watches.get(ctx.request().connection());
    if (watch != null) {
      ctx.addEndHandler(ended -> watch.responseEnded());
    }
    ctx.next();
  }

  private final class Watch {
    private final HttpConnection connection;
    private final String address;
    private long timer = -1;
    private int requestsUnderWay;
    private boolean closed;

    Watch(HttpConnection connection, String address) {
      this.connection = connection;
      this.address = address;
    }

    void arm() {
      if (closed) {
        return;
      }
      disarm();
      timer = vertx.setTimer(headTimeoutMs, fired -> expired());
    }

    void disarm() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void headArrived() {
      requestsUnderWay++;
      disarm();
    }

    void responseEnded() {
      requestsUnderWay--;
      // a pipelined request's head may have arrived already; its own end arms the deadline
      if (requestsUnderWay == 0) {
        arm();
      }
    }

    void expired() {
      timer = -1;
      if (!closed && requestsUnderWay == 0) {
        headTimeouts.increment();
        connection.close();
      }
    }

    void closed() {
      if (closed) {
        return;
      }
      closed = true;
      disarm();
      watches.remove(connection);
      limits.release(address);
    }
  }
}
