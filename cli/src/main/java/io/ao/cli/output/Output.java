package io.ao.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.http.ApiClient;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's result goes: with {@code --json}, the JSON document (the server's answer,
 * pretty-printed) and nothing else, for scripts; without, tables and sentences for people.
 */
public final class Output {

  private final PrintStream out;
  private final boolean json;

  public Output(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  public boolean json() {
    return json;
  }

  public void json(JsonNode document) {
    try {
      out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed document always serializes", e);
    }
  }

  public void line(String text) {
    out.println(text);
  }

  public void table(Table table) {
    table.print(out);
  }

  /** One {@code field: value} line per field of an object, nested objects as compact JSON. */
  public void fields(JsonNode object) {
    fields(object, List.of());
  }

  /**
   * The same, with the fields named in {@code first} in that order at the top (a task's status is a
   * Redis hash, whose fields come in no useful order), then the rest as they came.
   */
  public void fields(JsonNode object, List<String> first) {
    List<String> names = new ArrayList<>();
    first.stream().filter(object::has).forEach(names::add);
    object
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!names.contains(name)) {
                names.add(name);
              }
            });
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    for (String name : names) {
      out.println(name + ":" + " ".repeat(width - name.length() + 1) + cell(object, name));
    }
  }

  /**
   * A field as a table shows it: text as is, a {@code *_at} number of epoch milliseconds as an
   * instant, anything nested as compact JSON, an absent or null field as "-".
   */
  public static String cell(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "-";
    }
    if (value.isTextual()) {
      return value.asText().isEmpty() ? "-" : value.asText();
    }
    if (value.isIntegralNumber() && field.endsWith("_at") && value.asLong() > 100_000_000_000L) {
      return Instant.ofEpochMilli(value.asLong()).toString();
    }
    return value.toString();
  }
}
