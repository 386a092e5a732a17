package io.ao.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  private static ConfigReader readerOf(JsonObject json) {
    return new ConfigReader(json);
  }

  @Test
  void readsWellTypedValuesWithoutProblems() {
    ConfigReader reader =
        readerOf(
            new JsonObject()
                .put(
                    "a",
                    new JsonObject()
                        .put("port", 8080)
                        .put("big", 5_000_000_000L)
                        .put("whole_double", 250.0)
                        .put("flag", true)
                        .put("name", "x")
                        .put("empty", "")
                        .put("mode", "fast")
                        .put("url", "rediss://user:pw@redis_host:6380/1")
                        .put("list", new JsonArray().add("one").add("two"))));

    assertThat(reader.requiredInt("a.port", 1, 65_535)).isEqualTo(8080);
    assertThat(reader.requiredLong("a.big", 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
    assertThat(reader.durationMs("a.whole_double", 1, 1000)).isEqualTo(250L);
    assertThat(reader.bool("a.flag")).isTrue();
    assertThat(reader.nonBlankString("a.name")).isEqualTo("x");
    assertThat(reader.string("a.empty")).isEmpty();
    assertThat(reader.oneOf("a.mode", Set.of("fast", "slow"))).isEqualTo("fast");
    assertThat(reader.url("a.url", "redis", "rediss"))
        .isEqualTo("rediss://user:pw@redis_host:6380/1");
    assertThat(reader.stringList("a.list", Pattern.compile("[a-z]+"), "a word"))
        .containsExactly("one", "two");
    assertThat(reader.problems()).isEmpty();
  }

  @Test
  void integerOutsideItsRangeNamesKeyRangeAndValue() {
    ConfigReader reader =
        readerOf(new JsonObject().put("http", new JsonObject().put("port", 70_000)));

    reader.requiredInt("http.port", 1, 65_535);

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("http.port: expected an integer between 1 and 65535, got 70000");
  }

  @Test
  void textWhereAnIntegerIsExpectedIsQuotedInTheMessage() {
    ConfigReader reader =
        readerOf(new JsonObject().put("http", new JsonObject().put("port", "abc")));

    reader.requiredInt("http.port", 1, 65_535);

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("http.port: expected an integer between 1 and 65535, got \"abc\"");
  }

  @Test
  void fractionalNumberIsNotAnInteger() {
    ConfigReader reader = readerOf(new JsonObject().put("n", 1.5));

    reader.requiredLong("n", 0, 10);

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("n: expected an integer between 0 and 10, got 1.5");
  }

  @Test
  void missingKeyIsReportedAsGotNothing() {
    ConfigReader reader = readerOf(new JsonObject());

    reader.durationMs("worker.task_timeout_ms", 1, 1000);

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "worker.task_timeout_ms: expected a duration in milliseconds between 1 and 1000, got nothing");
  }

  @Test
  void urlWithoutSchemeIsRejectedNamingTheSchemes() {
    ConfigReader reader =
        readerOf(new JsonObject().put("redis", new JsonObject().put("url", "localhost")));

    reader.url("redis.url", "redis", "rediss");

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("redis.url: expected a redis:// or rediss:// URL, got \"localhost\"");
  }

  @Test
  void rejectedUrlDoesNotEchoItsPassword() {
    ConfigReader reader = readerOf(new JsonObject().put("url", "http://:s3cret@host:6379"));

    reader.url("url", "redis");

    assertThat(reader.problems())
        .singleElement()
        .asString()
        .doesNotContain("s3cret")
        .contains("\"http://***@host:6379\"");
  }

  @Test
  void wrongTypesForBooleanStringsAndEnums() {
    ConfigReader reader =
        readerOf(
            new JsonObject()
                .put("flag", "yes")
                .put("name", "  ")
                .put("text", 5)
                .put("mode", "medium")
                .put("id", "a:b"));

    reader.bool("flag");
    reader.nonBlankString("name");
    reader.string("text");
    reader.oneOf("mode", Set.of("slow", "fast"));
    reader.matching("id", Pattern.compile("[a-z]+"), "lower-case letters");

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "flag: expected true or false, got \"yes\"",
            "name: expected a non-blank string, got \"  \"",
            "text: expected a string, got 5",
            "mode: expected one of fast, slow, got \"medium\"",
            "id: expected lower-case letters, got \"a:b\"");
  }

  @Test
  void listProblemsNameTheOffendingItem() {
    ConfigReader reader =
        readerOf(
            new JsonObject()
                .put("empty", new JsonArray())
                .put("mixed", new JsonArray().add("ok").add("NOT OK").add(3)));

    reader.stringList("empty", Pattern.compile("[a-z]+"), "a word");
    reader.stringList("mixed", Pattern.compile("[a-z]+"), "a word");

    assertThat(reader.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "empty: expected a non-empty list of a word, got []",
            "mixed[1]: expected a word, got \"NOT OK\"",
            "mixed[2]: expected a word, got 3");
  }

  @Test
  void collectsEveryProblemAndThrowsThemTogether() {
    ConfigReader reader = readerOf(new JsonObject().put("a", "x").put("b", "y"));
    reader.requiredInt("a", 0, 1);
    reader.bool("b");
    reader.check(false, "c", "c to be consistent with a");

    assertThatThrownBy(reader::throwIfInvalid)
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.problems()).hasSize(3))
        .hasMessage(
            "Invalid configuration:\n"
                + "  a: expected an integer between 0 and 1, got \"x\"\n"
                + "  b: expected true or false, got \"y\"\n"
                + "  c: expected c to be consistent with a");
  }

  @Test
  void longValuesAreShortenedInMessages() {
    ConfigReader reader = readerOf(new JsonObject().put("n", "x".repeat(500)));

    reader.requiredInt("n", 0, 1);

    assertThat(reader.problems().get(0).message()).hasSizeLessThan(200).endsWith("…");
  }
}
