package io.ao.api.fuzz;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request being put together: generated valid first, then mutated, then rendered to the exact
 * bytes sent. JSON bodies may carry raw placeholders for what no JSON library will write (numbers
 * beyond double, lone surrogate escapes, nesting deeper than its limit).
 */
final class RequestDraft {

  final ApiOperation operation;
  final Map<String, String> pathValues = new LinkedHashMap<>();
  final List<Map.Entry<String, String>> query = new ArrayList<>();
  final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  final Map<String, String> rawJson = new LinkedHashMap<>();

  /** The path segment values go in as-is, not percent-encoded (path injection). */
  boolean rawPath;

  /** Appended to the path as-is (path injection on an operation without parameters). */
  String pathSuffix = "";

  /** Query string as-is, replacing {@link #query}. */
  String rawQuery;

  /** A JSON value (JsonObject, JsonArray, String, Number, Boolean, or null when hasJson). */
  Object json;

  boolean hasJson;

  /** Bytes sent instead of the JSON value. */
  Buffer rawBody;

  /** True when the rendered path no longer names this operation's route. */
  boolean leavesRoute;

  RequestDraft(ApiOperation operation) {
    this.operation = operation;
  }

  /**
   * A placeholder to put into {@link #json}; rendering swaps it (quotes and all) for the raw text.
   */
  String raw(String text) {
    String marker = "__raw_" + rawJson.size() + "__";
    rawJson.put(marker, text);
    return marker;
  }

  FuzzRequest render(Mutation mutation, Credential credential) {
    String path = operation.path();
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      path =
          path.replace(
              "{" + value.getKey() + "}", rawPath ? value.getValue() : encode(value.getValue()));
    }
    String uri = path + pathSuffix;
    String queryString =
        rawQuery != null
            ? rawQuery
            : String.join(
                "&",
                query.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
    if (!queryString.isEmpty()) {
      uri += "?" + queryString;
    }
    // An empty segment, "." or ".." (which the pattern [A-Za-z0-9._-] allows) is normalised
    // away by the server (RFC 3986), so the request names another route.
    boolean segmentGone =
        pathValues.values().stream().anyMatch(v -> v.isEmpty() || v.equals(".") || v.equals(".."));
    return new FuzzRequest(
        operation.method(), uri, headers, body(), mutation, credential, leavesRoute || segmentGone);
  }

  private Buffer body() {
    if (rawBody != null) {
      return rawBody;
    }
    if (!hasJson) {
      return null;
    }
    String text = Json.encode(json);
    for (Map.Entry<String, String> raw : rawJson.entrySet()) {
      text = text.replace("\"" + raw.getKey() + "\"", raw.getValue());
    }
    return Buffer.buffer(text);
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
