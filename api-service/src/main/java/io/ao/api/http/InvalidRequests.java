package io.ao.api.http;

import io.ao.shared.http.SecurityHeaders;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Requests the HTTP decoder refused before any route saw them (a request line over the line limit,
 * headers over the header limit, a line that is not HTTP): the server's default answer is an empty
 * body without X-Request-Id; this one is problem+json like every other error. The connection is
 * closed afterwards, as the decoder cannot resynchronise.
 */
public final class InvalidRequests {

  private InvalidRequests() {}

  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String title;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      title = "URI Too Long";
      detail = "The request line is longer than the server accepts";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      title = "Request Header Fields Too Large";
      detail = "The request headers are larger than the server accepts";
    } else {
      status = 400;
      title = "Bad Request";
      detail = "The request is not valid HTTP";
    }
    String requestId = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("request_id", requestId);
    HttpServerResponse response = SecurityHeaders.onto(request.response(), false);
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("Connection", "close")
        .end(body.encode())
        .onComplete(done -> request.connection().close());
  }
}
