package io.ao.loadtest.scenario;

import java.util.Map;
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

  public record Entry(Function<Credentials, Scenario> factory, Defaults defaults) {}

  private static final Map<String, Entry> ENTRIES =
      Map.of(
          "seed-mix",
              new Entry(
                  credentials -> new SeedMix("seed-mix", credentials),
                  new Defaults(50, 10, 600, "0.5-1.5", "login")),
          // 1000 PBKDF2 logins at 100/s would need 30 cores for hashing alone: burst users use one
          // API key
          "burst",
              new Entry(
                  credentials -> new SeedMix("burst", credentials),
                  new Defaults(1000, 100, 240, "0.5-1.5", "api-key")),
          "reads", new Entry(Reads::new, new Defaults(32, 32, 60, "0", "api-key")),
          "writes", new Entry(Writes::new, new Defaults(32, 32, 60, "0", "api-key")));

  private ScenarioCatalog() {}

  public static Entry find(String name) {
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "unknown scenario '"
              + name
              + "' (seed-mix, burst, reads, writes, jobs, calibrate, startup)");
    }
    return entry;
  }
}
