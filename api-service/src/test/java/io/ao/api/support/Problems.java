package io.ao.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Asserts the problem+json shape every error response must have. */
public final class Problems {

  private Problems() {}

  public static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as("status of %s", response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("type")).isNotBlank();
    assertThat(body.getString("title")).isNotBlank();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("detail")).isNotBlank();
    assertThat(body.encode())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("io.ao.");
    return body;
  }

  /** A 422 whose errors name exactly the given fields. */
  public static void assertInvalidFields(HttpResponse<Buffer> response, String... fields) {
    JsonObject body = assertProblem(response, 422);
    assertThat(body.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder(fields);
  }
}
