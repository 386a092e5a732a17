package io.ao.system.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The PrometheusRule's alerts: every one has a promtool unit test that fires and one that stays
 * quiet, and {@code promtool check rules} and {@code promtool test rules} pass on them.
 */
@SuppressWarnings("unchecked")
class AlertRulesTest {

  static final Path MONITORING =
      Path.of("..", "k8s", "components", "monitoring").toAbsolutePath().normalize();
  private static final Path RULES = MONITORING.resolve("prometheusrule.yaml");
  private static final Path TESTS = MONITORING.resolve("tests").resolve("alerts-test.yaml");

  @Test
  void everyAlertHasATestThatFiresAndOneThatStaysQuiet() throws IOException {
    Set<String> alerts = alertNames();
    Set<String> fires = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    Map<String, Object> tests = new Yaml().load(Files.readString(TESTS));
    for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
      for (Map<String, Object> check :
          (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
        List<Object> expected = (List<Object>) check.get("exp_alerts");
        String name = (String) check.get("alertname");
        (expected == null || expected.isEmpty() ? quiet : fires).add(name);
      }
    }
    assertThat(alerts).isNotEmpty();
    assertThat(fires).as("alerts with a firing test").containsAll(alerts);
    assertThat(quiet).as("alerts with a quiet test").containsAll(alerts);
    assertThat(alerts).as("tests name existing alerts").containsAll(fires).containsAll(quiet);
  }

  @Test
  void promtoolChecksAndTestsTheRules() throws IOException {
    Promtool.assumeAvailable("AlertRulesTest.promtoolChecksAndTestsTheRules");
    Path dir = Files.createDirectories(Path.of("target", "promtool").toAbsolutePath());
    Files.writeString(dir.resolve("ao-rules.yaml"), rulesFile());
    Files.copy(
        TESTS, dir.resolve("alerts-test.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Promtool.Result check = Promtool.run(dir, null, "check", "rules", "ao-rules.yaml");
    System.out.println("$ promtool check rules ao-rules.yaml\n" + check.output());
    assertThat(check.exit()).as(check.output()).isZero();

    Promtool.Result test = Promtool.run(dir, null, "test", "rules", "alerts-test.yaml");
    System.out.println("$ promtool test rules alerts-test.yaml\n" + test.output());
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** The PrometheusRule's spec (its groups): a plain Prometheus rules file. */
  static String rulesFile() throws IOException {
    Map<String, Object> rule = new Yaml().load(Files.readString(RULES));
    return new Yaml().dump(rule.get("spec"));
  }

  static Set<String> alertNames() throws IOException {
    return ruleNames("alert");
  }

  static Set<String> recordedNames() throws IOException {
    return ruleNames("record");
  }

  private static Set<String> ruleNames(String key) throws IOException {
    Map<String, Object> rule = new Yaml().load(Files.readString(RULES));
    Set<String> names = new HashSet<>();
    for (Map<String, Object> group :
        (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
      for (Map<String, Object> item : (List<Map<String, Object>>) group.get("rules")) {
        if (item.containsKey(key)) {
          names.add((String) item.get(key));
        }
      }
    }
    return names;
  }
}
