package io.ao.api.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and status codes per operation, and the findings grouped by kind; as a Markdown table.
 */
final class FuzzReport {

  private final long seed;
  private final int perOperation;
  private final Map<String, TreeMap<String, Integer>> statuses = new LinkedHashMap<>();
  private final Map<String, Integer> sent = new LinkedHashMap<>();
  private final Map<String, List<Finding>> findings = new LinkedHashMap<>();
  private long maxMs;

  FuzzReport(long seed, int perOperation) {
    this.seed = seed;
    this.perOperation = perOperation;
  }

  void record(ApiOperation operation, FuzzResponse response, List<Finding> found) {
    sent.merge(operation.label(), 1, Integer::sum);
    String status = response.status() < 0 ? "none" : Integer.toString(response.status());
    statuses
        .computeIfAbsent(operation.label(), k -> new TreeMap<>())
        .merge(status, 1, Integer::sum);
    maxMs = Math.max(maxMs, response.elapsedMs());
    found.forEach(f -> findings.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f));
  }

  int totalRequests() {
    return sent.values().stream().mapToInt(Integer::intValue).sum();
  }

  Map<String, List<Finding>> findings() {
    return findings;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("API fuzzer: seed ")
        .append(seed)
        .append(", ")
        .append(perOperation)
        .append(" requests per operation, ")
        .append(totalRequests())
        .append(" in all, slowest answer ")
        .append(maxMs)
        .append(" ms, ")
        .append(findings.size())
        .append(" kinds of finding\n\n");
    out.append("| operation | requests | status codes |\n| --- | ---: | --- |\n");
    sent.forEach(
        (operation, count) -> {
          List<String> histogram = new ArrayList<>();
          statuses.get(operation).forEach((status, n) -> histogram.add(status + ": " + n));
          out.append("| ")
              .append(operation)
              .append(" | ")
              .append(count)
              .append(" | ")
              .append(String.join(", ", histogram))
              .append(" |\n");
        });
    if (!findings.isEmpty()) {
      out.append(
          "\n| finding | count | first request (index, mutation, credential) |\n| --- | ---: | --- |\n");
      findings.forEach(
          (key, list) -> {
            Finding first = list.get(0);
            out.append("| ")
                .append(key.replace("|", "/"))
                .append(" | ")
                .append(list.size())
                .append(" | #")
                .append(first.index())
                .append(' ')
                .append(first.request().mutation())
                .append(' ')
                .append(first.request().credential())
                .append(": `")
                .append(first.request().describe().replace("|", "/").replace("`", "'"))
                .append("` |\n");
          });
    }
    return out.toString();
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }
}
