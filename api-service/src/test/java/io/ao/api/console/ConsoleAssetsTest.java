package io.ao.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.docs.DocsRoutes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the console's own files may and may not do, read from the jar's resources: they call only
 * operations the OpenAPI document lists, keep no token in storage, and use nothing the CSP forbids
 * or that comes from another origin.
 */
class ConsoleAssetsTest {

  // a path literal of the API: '/api/...' or `/api/${...}/...` (template parts become {param})
  private static final Pattern API_PATH = Pattern.compile("['`](/(?:api|health)[^'`?]*)");
  private static final Pattern TEMPLATE_PART = Pattern.compile("\\$\\{[^}]*\\}");

  @Test
  void everyApiPathTheConsoleCallsIsAnOperationOfTheOpenApiDocument() throws Exception {
    Set<String> documented =
        new JsonObject(DocsRoutes.openApiDocument()).getJsonObject("paths").fieldNames();
    Set<String> called = new TreeSet<>();
    for (Path script : files(".js")) {
      Matcher path = API_PATH.matcher(Files.readString(script));
      while (path.find()) {
        called.add(TEMPLATE_PART.matcher(path.group(1)).replaceAll("{param}"));
      }
    }
    assertThat(called).as("the console calls the API").contains("/api/auth/login");
    for (String path : called) {
      assertThat(
              documented.stream()
                  .anyMatch(op -> op.replaceAll("\\{[^}]+\\}", "{param}").equals(path)))
          .as("%s is an operation of openapi.json", path)
          .isTrue();
    }
  }

  @Test
  void theConsoleKeepsNoTokenInStorageAndUsesNothingTheCspForbidsOrAnotherOrigin()
      throws Exception {
    List<Path> all = new ArrayList<>(files(".js"));
    all.addAll(files(".css"));
    all.addAll(files(".html"));
    assertThat(all).hasSizeGreaterThan(10);
    for (Path file : all) {
      String text = Files.readString(file);
      assertThat(text)
          .as(file.getFileName().toString())
          .doesNotContain("localStorage")
          .doesNotContain("sessionStorage")
          .doesNotContain("document.cookie")
          .doesNotContain("eval(")
          .doesNotContain("new Function")
          .doesNotContain("innerHTML")
          .doesNotContain("style=")
          .doesNotContain("setAttribute('style'")
          .doesNotContainPattern("https?://");
    }
    assertThat(Files.readString(root().resolve("index.html")))
        .doesNotContainPattern("<script>|<script [^>]*>[^<]")
        .doesNotContain("<style");
  }

  private static Path root() throws URISyntaxException {
    return Path.of(ConsoleAssetsTest.class.getResource("/console/index.html").toURI()).getParent();
  }

  private static List<Path> files(String suffix) throws IOException, URISyntaxException {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
