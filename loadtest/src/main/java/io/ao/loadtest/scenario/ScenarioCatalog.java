package io.ao.loadtest.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The HTTP scenarios by name, each with the defaults of its documented run (README, "Load
 * testing"): every one of them can be overridden on the command line.
 */
public final class ScenarioCatalog {

  /**
   * The defaults of a scenario's run. {@code auth}: "login" (a password login per user) or
   * "api-key".
   */
  public record Defaults(
      int users, double spawnRate, double durationSeconds, String think, String auth) {}

  /** {@code summary}: one line for the usage text. */
  public record Entry(Function<Credentials, Scenario> factory, Defaults defaults, String summary) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put(
        "seed-mix",
        new Entry(
            credentials -> new SeedMix("seed-mix", credentials),
            new Defaults(50, 10, 600, "0.5-1.5", "login"),
            "The seed's request mix: users logging in once, with think time (closed model),"
                + " or --rate requests/s (open model)."));
    // 1000 PBKDF2 logins at 100/s would need 30 cores for hashing alone: burst users use one API
    // key
    ENTRIES.put(
        "burst",
        new Entry(
            credentials -> new SeedMix("burst", credentials),
            new Defaults(1000, 100, 240, "0.5-1.5", "api-key"),
            "The seed's mix with 1000 users spawned at 100/s, sharing one API key."));
    ENTRIES.put(
        "reads",
        new Entry(
            Reads::new,
            new Defaults(32, 32, 60, "0", "api-key"),
            "Reads only: leads, a lead, campaigns, a workflow's status, me."));
    ENTRIES.put(
        "writes",
        new Entry(
            Writes::new,
            new Defaults(32, 32, 60, "0", "api-key"),
            "Writes only: lead_intake workflow triggers (a new lead and its steps each)."));
  }

  private ScenarioCatalog() {}

  /** The names, in the order the usage text lists them. */
  public static Set<String> names() {
    return ENTRIES.keySet();
  }

  public static Entry find(String name) {
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "unknown HTTP scenario '" + name + "' (" + String.join(", ", ENTRIES.keySet()) + ")");
    }
    return entry;
  }
}
