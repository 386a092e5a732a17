package io.ao.api.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Damages a valid request in one way. A field-level mutation lands on the body, a query parameter
 * or a path parameter, whichever the operation has (chosen at random).
 */
final class Mutations {

  private static final List<String> UNICODE =
      List.of(
          "\u0000",
          "\u0001\u0002\u001f",
          "\u202e\u202dreversed",
          "\uFEFFbom",
          "e\u0301\u0301\u0301",
          "\uD83D\uDE00\uD83D\uDCA9",
          "\u4e2d\u6587",
          "\uFFFF\uFFFE",
          "\\u0000",
          "line\nbreak\r\n",
          "tab\there",
          "\u00e9\u00e8",
          "\u2028\u2029",
          "%00",
          "\u0130\u0131");
  private static final List<String> HUGE_NUMBERS =
      List.of(
          "1e400",
          "-1e400",
          "9223372036854775808",
          "-9223372036854775809",
          "123456789012345678901234567890",
          "1.7976931348623157e308",
          "-0",
          "0.000000000000001",
          "9007199254740993",
          "4.9e-324",
          "2147483648",
          "-2147483649",
          "1E+2",
          "1.0");
  private static final List<String> PATH_ATTACKS =
      List.of(
          "../../../../etc/passwd",
          "..%2F..%2Fadmin",
          "%2e%2e%2f",
          "..",
          ".",
          "%00",
          "a%00b",
          "%zz",
          "%",
          "a;x=1",
          "?x=1",
          "#x",
          "a/b",
          "%2F",
          "%252e%252e%252f",
          "~root",
          "${jndi:ldap://x/a}",
          "'%20OR%201=1--",
          "%3Cscript%3E",
          "*",
          "%C0%AE%C0%AE",
          "%E2%80%AE",
          "..\\..\\win.ini",
          "/",
          "//",
          "%5C",
          "a%0D%0AX-Injected:%201",
          "%u002e");
  private static final List<String> SUFFIX_ATTACKS =
      List.of(
          "%00",
          ";x=1",
          "%20",
          "/",
          "/.",
          "/..%2f",
          "%2e",
          "/%2e%2e/%2e%2e/etc/passwd",
          "//",
          "~",
          "%ff",
          "%");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/xml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=xyz",
          "application/json; charset=iso-8859-1",
          "application/jsonp",
          "",
          "application/",
          "*/*",
          "application/json, text/plain",
          "APPLICATION/JSON",
          "application/json;;;",
          "text/json",
          "application/problem+json",
          "application/octet-stream",
          "\u00e9/json");

  private Mutations() {}

  static void apply(Mutation mutation, RequestDraft draft, Random random) {
    switch (mutation) {
      case VALID -> {}
      case MALFORMED_JSON -> malformed(draft, random);
      case WRONG_BODY_SHAPE -> wrongShape(draft, random);
      case WRONG_CONTENT_TYPE -> wrongContentType(draft, random);
      case DUPLICATE_HEADERS -> duplicateHeaders(draft, random);
      case HEADER_VALUES -> headerValues(draft, random);
      case PATH_INJECTION -> pathInjection(draft, random);
      case QUERY_VALUES -> queryValues(draft, random);
      default -> fieldLevel(mutation, draft, random);
    }
  }

  private static void fieldLevel(Mutation mutation, RequestDraft draft, Random random) {
    List<String> targets = new ArrayList<>();
    if (draft.hasJson && draft.json instanceof JsonObject) {
      targets.add("body");
      targets.add("body");
    }
    targets.add("query");
    if (!draft.pathValues.isEmpty()) {
      targets.add("path");
    }
    switch (targets.get(random.nextInt(targets.size()))) {
      case "body" -> bodyField(mutation, draft, random);
      case "path" -> {
        String name = pick(random, new ArrayList<>(draft.pathValues.keySet()));
        draft.pathValues.put(name, textValue(mutation, random));
      }
      default -> {
        List<JsonObject> declared = draft.operation.parametersIn("query");
        String name =
            declared.isEmpty() || random.nextInt(4) == 0
                ? SchemaValues.word(random, 1, 12)
                : pick(random, declared).getString("name");
        if (mutation == Mutation.MISSING_FIELD) {
          draft.query.clear();
          draft.query.add(Map.entry(name, ""));
        } else {
          draft.query.removeIf(e -> e.getKey().equals(name));
          draft.query.add(Map.entry(name, textValue(mutation, random)));
        }
      }
    }
  }

  /** A query or path value for a field-level mutation (everything is text there). */
  private static String textValue(Mutation mutation, Random random) {
    return switch (mutation) {
      case WRONG_TYPE ->
          pick(random, List.of("abc", "1.5", "-1", "0", "true", "null", "[]", "{}", "0x10", " 1"));
      case MISSING_FIELD -> "";
      case EXTRA_FIELD ->
          SchemaValues.word(random, 1, 8) + "&" + SchemaValues.word(random, 1, 8) + "=1";
      case HUGE_STRING -> "x".repeat(pick(random, List.of(129, 1_000, 3_000, 7_000)));
      case HUGE_NUMBER -> pick(random, HUGE_NUMBERS);
      case UNICODE -> pick(random, UNICODE);
      default -> "[".repeat(200 + random.nextInt(800));
    };
  }

  private static void bodyField(Mutation mutation, RequestDraft draft, Random random) {
    List<JsonObject> objects = new ArrayList<>();
    collectObjects(draft.json, objects);
    JsonObject target = pick(random, objects);
    List<String> names = new ArrayList<>(target.fieldNames());
    String name =
        names.isEmpty() || mutation == Mutation.EXTRA_FIELD
            ? SchemaValues.word(random, 1, 16)
            : pick(random, names);
    switch (mutation) {
      case WRONG_TYPE -> target.put(name, wrongType(target.getValue(name), random));
      case MISSING_FIELD -> {
        if (random.nextInt(4) == 0) {
          target.clear();
        } else {
          target.remove(name);
        }
      }
      case EXTRA_FIELD ->
          target.put(name, random.nextBoolean() ? "extra" : new JsonObject().put("nested", 1));
      case HUGE_STRING ->
          target.put(
              name,
              "A"
                  .repeat(
                      pick(random, List.of(101, 255, 1_025, 2_001, 70_000, 400_000, 1_100_000))));
      case HUGE_NUMBER -> target.put(name, draft.raw(pick(random, HUGE_NUMBERS)));
      case UNICODE ->
          target.put(
              name,
              random.nextInt(3) == 0
                  ? draft.raw(
                      pick(
                          random,
                          List.of("\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"a\\ud83d\"")))
                  : pick(random, UNICODE));
      default -> {
        int depth = pick(random, List.of(50, 200, 1_000, 1_001, 5_000, 20_000));
        target.put(
            name,
            draft.raw(
                random.nextBoolean()
                    ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
      }
    }
  }

  private static Object wrongType(Object current, Random random) {
    List<Object> candidates =
        new ArrayList<>(
            List.of("text", 42, 4.5, true, new JsonArray().add(1), new JsonObject().put("k", "v")));
    candidates.add(null);
    candidates.removeIf(c -> c != null && current != null && c.getClass() == current.getClass());
    return candidates.get(random.nextInt(candidates.size()));
  }

  private static void collectObjects(Object value, List<JsonObject> into) {
    if (value instanceof JsonObject object) {
      into.add(object);
      object.forEach(e -> collectObjects(e.getValue(), into));
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> collectObjects(item, into));
    }
  }

  private static void malformed(RequestDraft draft, Random random) {
    String valid = draft.hasJson ? Json.encode(draft.json) : "{\"a\":1}";
    String text =
        switch (random.nextInt(12)) {
          case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
          case 1 -> valid + " trailing";
          case 2 -> valid.replace('"', '\'');
          case 3 -> "/* comment */" + valid;
          case 4 -> valid.length() > 2 ? valid.substring(0, valid.length() - 1) + ",}" : "{,}";
          case 5 -> "{\"a\": NaN}";
          case 6 -> "";
          case 7 -> "   \n\t ";
          case 8 -> "{\"a\":\"\\x41\"}";
          case 9 -> "{\"a\" 1}";
          case 10 -> valid + valid;
          default -> "{\"a\":\"\\u12\"}";
        };
    Buffer body = Buffer.buffer(text);
    if (random.nextInt(5) == 0) {
      body =
          Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
              .appendBuffer(Buffer.buffer(valid));
    } else if (random.nextInt(5) == 0) {
      body =
          Buffer.buffer("{\"a\":\"")
              .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF})
              .appendString("\"}");
    }
    draft.rawBody = body;
  }

  private static void wrongShape(RequestDraft draft, Random random) {
    draft.hasJson = true;
    draft.json =
        switch (random.nextInt(7)) {
          case 0 -> new JsonArray();
          case 1 -> new JsonArray().add(draft.json);
          case 2 -> "a string";
          case 3 -> 42;
          case 4 -> null;
          case 5 -> true;
          default -> new JsonObject();
        };
  }

  private static void wrongContentType(RequestDraft draft, Random random) {
    draft.headers.remove("Content-Type");
    if (random.nextInt(6) > 0) {
      draft.headers.set("Content-Type", pick(random, CONTENT_TYPES));
    }
  }

  private static void duplicateHeaders(RequestDraft draft, Random random) {
    switch (random.nextInt(7)) {
      case 0 -> draft.headers.add("Content-Type", "text/plain");
      case 1 -> draft.headers.add("Authorization", "Bearer not.a.token");
      case 2 -> draft.headers.add("X-API-Key", "ao_forged_key");
      case 3 -> draft.headers.add("X-Request-Id", "first").add("X-Request-Id", "second");
      case 4 -> draft.headers.add("Idempotency-Key", "k1").add("Idempotency-Key", "k2");
      case 5 -> draft.headers.add("If-Match", "\"1\"").add("If-Match", "\"2\"");
      default -> {
        String current = draft.headers.get("Authorization");
        draft.headers.add("Authorization", current == null ? "Bearer x" : current);
      }
    }
  }

  private static void headerValues(RequestDraft draft, Random random) {
    switch (random.nextInt(9)) {
      case 0 ->
          draft.headers.set(
              "X-Request-Id", "r".repeat(pick(random, List.of(65, 200, 1_000, 5_000))));
      case 1 ->
          draft.headers.set(
              "X-Request-Id",
              pick(random, List.of("../etc", "a b", "<x>", "\u00e9\u00e8", "\"q\"", ";")));
      case 2 ->
          draft.headers.set(
              "Authorization",
              pick(
                  random,
                  List.of(
                      "Bearer",
                      "Bearer ",
                      "Basic YWRtaW46YWRtaW4=",
                      "bearer x.y.z",
                      "Bearer a.b",
                      "Bearer " + "A".repeat(4_000),
                      "Token abc",
                      "Bearer \u00e9.\u00e9.\u00e9")));
      case 3 ->
          draft.headers.set(
              "X-API-Key",
              pick(
                  random,
                  List.of(
                      "",
                      "ao_",
                      "ao_x_y",
                      "ao_" + "z".repeat(3_000),
                      "ao_abcdefghij_" + "0".repeat(43))));
      case 4 ->
          draft.headers.set(
              "Idempotency-Key",
              pick(random, List.of("", "k".repeat(201), "k".repeat(5_000), "\u00e9")));
      case 5 ->
          draft.headers.set(
              "If-Match",
              pick(
                  random,
                  List.of(
                      "*",
                      "",
                      "W/\"1\"",
                      "\"-1\"",
                      "\"99999999999999999999\"",
                      "\"abc\"",
                      "1",
                      "\"1\", \"2\"")));
      case 6 ->
          draft.headers.set(
              "Accept", pick(random, List.of("application/xml", "text/html", "*/*;q=0", "")));
      case 7 ->
          draft.headers.set(
              "X-Forwarded-For",
              pick(random, List.of("1.2.3.4", "not an ip", "::1, 10.0.0.1", "")));
      default ->
          draft.headers.set("X-Padding", "p".repeat(pick(random, List.of(4_000, 9_000, 70_000))));
    }
  }

  private static void pathInjection(RequestDraft draft, Random random) {
    if (draft.pathValues.isEmpty() || random.nextInt(4) == 0) {
      draft.pathSuffix = pick(random, SUFFIX_ATTACKS);
    } else {
      String name = pick(random, new ArrayList<>(draft.pathValues.keySet()));
      draft.pathValues.put(name, pick(random, PATH_ATTACKS));
      draft.rawPath = true;
      draft.pathValues.replaceAll((k, v) -> k.equals(name) ? v : RequestDraft.encode(v));
    }
    draft.leavesRoute = true;
  }

  private static void queryValues(RequestDraft draft, Random random) {
    switch (random.nextInt(6)) {
      case 0 ->
          draft.rawQuery =
              pick(
                  random,
                  List.of(
                      "%zz",
                      "a=%",
                      "=",
                      "&&&",
                      "a=1&a=2&a=3",
                      "limit=1&limit=999",
                      "q=%00",
                      "cursor=%FF%FE",
                      "limit",
                      "a[b]=1",
                      "%E2%80%AE=1"));
      case 1 -> {
        for (JsonObject declared : draft.operation.parametersIn("query")) {
          draft.query.add(Map.entry(declared.getString("name"), "dup"));
        }
        draft.query.add(Map.entry("limit", "2"));
      }
      case 2 ->
          draft.query.add(
              Map.entry(
                  "limit",
                  pick(
                      random,
                      List.of("0", "-5", "501", "1e3", "5.5", "99999999999999999999", ""))));
      case 3 ->
          draft.query.add(
              Map.entry(
                  "cursor",
                  pick(
                      random,
                      List.of(
                          "",
                          "x",
                          "-1",
                          "0-0",
                          "9999999999999-0",
                          "%",
                          "\u0000",
                          "a".repeat(2_000)))));
      case 4 -> draft.rawQuery = "x=" + "y".repeat(pick(random, List.of(1_000, 5_000, 20_000)));
      default ->
          draft.query.add(Map.entry(SchemaValues.word(random, 1, 10), pick(random, UNICODE)));
    }
  }

  static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
