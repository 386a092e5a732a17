package io.ao.loadtest.cli;

import java.util.HashMap;
import java.util.Map;

/** {@code <scenario> --name value ...}: the command line as typed lookups with defaults. */
public final class Options {

  private final String scenario;
  private final Map<String, String> values;

  private Options(String scenario, Map<String, String> values) {
    this.scenario = scenario;
    this.values = values;
  }

  public static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    String scenario = "seed-mix";
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        scenario = args[i];
      } else if (i + 1 < args.length) {
        values.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
    }
    return new Options(scenario, values);
  }

  public String scenario() {
    return scenario;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  public long longValue(String name, long fallback) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
  }

  public double decimal(String name, double fallback) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
  }
}
