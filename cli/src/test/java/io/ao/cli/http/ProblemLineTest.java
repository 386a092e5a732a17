package io.ao.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import org.junit.jupiter.api.Test;

/** How a refusal becomes ao's one line and its exit code. */
class ProblemLineTest {

  private static JsonNode json(String text) throws Exception {
    return ApiClient.JSON.readTree(text);
  }

  @Test
  void aFieldErrorTheDetailAlreadySaysIsNotRepeatedAndTheOthersAreListed() throws Exception {
    CliFailure failure =
        ProblemLine.failure(
            422,
            json(
                "{\"title\": \"Unprocessable Content\", \"status\": 422,"
                    + " \"detail\": \"steps[0].if: does not compile\","
                    + " \"errors\": [{\"field\": \"steps[0].if\", \"message\": \"does not compile\"},"
                    + " {\"field\": \"steps[1].wait\", \"message\": \"out of range\"}]}"),
            "",
            "POST /api/workflows/definitions");
    assertThat(failure.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(failure.getMessage())
        .isEqualTo(
            "422 Unprocessable Content: steps[0].if: does not compile [steps[1].wait: out of range]");
  }

  @Test
  void aBodyThatIsNoProblemIsQuotedShortAndOnOneLine() {
    CliFailure failure =
        ProblemLine.failure(
            502, null, "<html>\n<body>Bad gateway</body>\n</html>" + "x".repeat(500), "GET /x");
    assertThat(failure.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(failure.getMessage())
        .startsWith("502 from GET /x: <html> <body>Bad gateway</body> </html>xxx")
        .endsWith("…")
        .doesNotContain("\n");
    assertThat(failure.getMessage().length()).isLessThan(260);
  }

  @Test
  void statusesMapToTheDocumentedExitCodes() throws Exception {
    JsonNode problem = json("{\"title\": \"Unauthorized\", \"detail\": \"Missing credentials\"}");
    CliFailure unauthorized = ProblemLine.failure(401, problem, "", "GET /api/admin/queues");
    assertThat(unauthorized.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
    assertThat(unauthorized.getMessage())
        .isEqualTo("401 Unauthorized: Missing credentials (run 'ao login', or check AO_API_KEY)");
    assertThat(ProblemLine.failure(403, problem, "", "GET /").exitCode())
        .isEqualTo(ExitCode.REFUSED);
    assertThat(ProblemLine.failure(404, problem, "", "GET /").exitCode())
        .isEqualTo(ExitCode.REFUSED);
    assertThat(ProblemLine.failure(503, problem, "", "GET /").exitCode())
        .isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(ProblemLine.failure(302, null, "", "GET /").exitCode())
        .isEqualTo(ExitCode.UNAVAILABLE);
  }
}
