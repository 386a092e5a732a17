package io.ao.api.fuzz;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * What came back, and how long it took; status -1 when nothing came back in time or the connection
 * broke.
 */
record FuzzResponse(int status, MultiMap headers, Buffer body, long elapsedMs, String failure) {

  String contentType() {
    return headers == null ? null : headers.get("Content-Type");
  }
}
