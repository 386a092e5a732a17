package io.ao.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Reads a request body as a JSON object: 415 for other media types, 400 when malformed, 422 when
 * its shape is absurd ({@link JsonShape}) before it is decoded.
 */
public final class JsonBodies {

  private JsonBodies() {}

  public static JsonObject objectOf(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !isJson(contentType)) {
      throw ProblemException.unsupportedMediaType(
          "Content-Type must be application/json, got "
              + (contentType == null ? "none" : "'" + contentType + "'"));
    }
    return parseObject(ctx.body().buffer());
  }

  /** A body already read (a signed route's bytes) as a JSON object: 400 when empty or malformed. */
  public static JsonObject parseObject(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ProblemException.badRequest("The request body is empty; send a JSON object");
    }
    Object parsed;
    try {
      JsonShape.check(body);
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ProblemException.badRequest("The request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ProblemException.invalid("body", "expected a JSON object");
    }
    return object;
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }
}
