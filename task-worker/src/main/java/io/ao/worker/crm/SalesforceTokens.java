package io.ao.worker.crm;

import io.ao.shared.config.SalesforceSettings;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.function.LongSupplier;

/**
 * The Salesforce access token of this worker: fetched from {@code
 * <login_url>/services/oauth2/token} with the OAuth 2.0 client-credentials or refresh-token grant,
 * kept until {@code refresh_margin} before it expires ({@code token_ttl_seconds} after {@code
 * issued_at}, since Salesforce's answer carries no lifetime), and dropped when the API answers 401
 * with it. Callers that need a token while one is being fetched share that fetch. Runs on one event
 * loop (the worker's).
 */
final class SalesforceTokens {

  /** A token and when this worker stops using it. */
  record Token(String value, long renewAtMs) {}

  private final WebClient client;
  private final SalesforceSettings settings;
  private final long timeoutMs;
  private final LongSupplier clock;
  private Token current;
  private Future<Token> fetching;
  private int fetched;

  SalesforceTokens(
      WebClient client, SalesforceSettings settings, long timeoutMs, LongSupplier clock) {
    this.client = client;
    this.settings = settings;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /** A token valid for a while yet: the kept one, or a fresh one. */
  synchronized Future<Token> token() {
    if (current != null && clock.getAsLong() < current.renewAtMs()) {
      return Future.succeededFuture(current);
    }
    if (fetching == null) {
      fetching = fetch().andThen(done -> clearFetch(done.succeeded() ? done.result() : null));
    }
    return fetching;
  }

  /** The API refused this token (401): the next caller fetches a new one. */
  synchronized void rejected(Token token) {
    if (current != null && current.value().equals(token.value())) {
      current = null;
    }
  }

  /** How many tokens this worker fetched (for tests and logs). */
  synchronized int fetched() {
    return fetched;
  }

  private synchronized void clearFetch(Token token) {
    fetching = null;
    if (token != null) {
      current = token;
      fetched++;
    }
  }

  private Future<Token> fetch() {
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", settings.grantType())
            .add("client_id", settings.clientId())
            .add("client_secret", settings.clientSecret());
    if (settings.grantType().equals(SalesforceSettings.REFRESH_TOKEN)) {
      form.add("refresh_token", settings.refreshToken());
    }
    // Lifetimes count from when we asked, by our clock: issued_at is the server's clock.
    long askedAt = clock.getAsLong();
    return client
        .postAbs(settings.loginUrl() + "/services/oauth2/token")
        .timeout(timeoutMs)
        .putHeader("Accept", "application/json")
        .sendForm(form)
        .map(response -> read(response, askedAt));
  }

  private Token read(HttpResponse<Buffer> response, long askedAt) {
    Object answer = CrmAnswers.json(response);
    JsonObject body = answer instanceof JsonObject ? (JsonObject) answer : new JsonObject();
    if (response.statusCode() >= 500) {
      throw new IllegalStateException(
          "Salesforce token endpoint answered " + response.statusCode());
    }
    String value = body.getString("access_token");
    if (!CrmAnswers.ok(response) || value == null || value.isBlank()) {
      // invalid_client, invalid_grant, ...: the configuration is wrong; no retry fixes it.
      throw new PermanentTaskFailure(
          "Salesforce token endpoint answered "
              + response.statusCode()
              + ": "
              + body.getString("error", "")
              + " "
              + body.getString("error_description", CrmAnswers.excerpt(response)));
    }
    long ttlMs = settings.tokenTtlSeconds() * 1000;
    if (body.getValue("expires_in") instanceof Number) {
      ttlMs = body.getLong("expires_in") * 1000;
    }
    return new Token(value, askedAt + ttlMs - settings.refreshMarginSeconds() * 1000);
  }
}
