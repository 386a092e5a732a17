package io.ao.api.intake;

import io.ao.api.http.JsonBodies;
import io.ao.api.http.ProblemException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A signed intake body as an object: JSON, or a form ({@code application/x-www-form-urlencoded},
 * each field's first value, as text). Anything else is a 415; malformed JSON a 400.
 */
final class IntakePayloads {

  private static final int MAX_FORM_FIELDS = 200;

  private IntakePayloads() {}

  static JsonObject decode(String contentType, Buffer body) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (type.equals("application/x-www-form-urlencoded")) {
      return form(body);
    }
    if (!type.equals("application/json")) {
      throw ProblemException.unsupportedMediaType(
          "Content-Type must be application/json or application/x-www-form-urlencoded, got "
              + (contentType == null ? "none" : "'" + contentType + "'"));
    }
    return JsonBodies.parseObject(body);
  }

  private static JsonObject form(Buffer body) {
    QueryStringDecoder decoder =
        new QueryStringDecoder(
            body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false, MAX_FORM_FIELDS);
    JsonObject fields = new JsonObject();
    for (Map.Entry<String, List<String>> field : decoder.parameters().entrySet()) {
      if (!field.getValue().isEmpty()) {
        fields.put(field.getKey(), field.getValue().get(0));
      }
    }
    return fields;
  }
}
