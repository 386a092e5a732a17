package io.ao.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request's body as bytes, up to a limit (413 beyond it), without decoding it: for routes
 * that verify a signature over the exact bytes and accept form bodies (signed intake), where Vert.x
 * Web's body handler would start its form decoder. Like that handler it must be the route's first.
 */
public final class RawBodies implements Handler<RoutingContext> {

  private static final String KEY = "ao.raw-body";

  private final long limitBytes;

  public RawBodies(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** The body this handler read for the request. */
  public static Buffer of(RoutingContext ctx) {
    Buffer body = ctx.get(KEY);
    return body == null ? Buffer.buffer() : body;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null && tooLong(declared)) {
      ctx.fail(413);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    request.handler(
        chunk -> {
          if (failed[0]) {
            return;
          }
          if (body.length() + chunk.length() > limitBytes) {
            failed[0] = true;
            ctx.fail(413);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(
        failure -> {
          if (!failed[0]) {
            failed[0] = true;
            ctx.fail(failure);
          }
        });
    request.endHandler(
        ended -> {
          if (!failed[0]) {
            ctx.put(KEY, body);
            ctx.next();
          }
        });
    request.resume();
  }

  private boolean tooLong(String declared) {
    try {
      return Long.parseLong(declared.trim()) > limitBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
