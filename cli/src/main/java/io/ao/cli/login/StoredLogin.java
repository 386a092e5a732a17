package io.ao.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ao.cli.http.ApiClient;

/**
 * What {@code ao login} keeps: the server it logged in to (the token is sent to no other), who, the
 * token, and when it expires (epoch seconds).
 */
public record StoredLogin(String url, String username, String accessToken, long expiresAt) {

  public boolean expired(long nowSeconds) {
    return nowSeconds >= expiresAt;
  }

  ObjectNode toJson() {
    return ApiClient.JSON
        .createObjectNode()
        .put("url", url)
        .put("username", username)
        .put("access_token", accessToken)
        .put("expires_at", expiresAt);
  }

  /** Null when a field is missing: the file was written by something else. */
  static StoredLogin fromJson(JsonNode json) {
    if (!json.path("url").isTextual()
        || !json.path("access_token").isTextual()
        || !json.path("expires_at").canConvertToLong()) {
      return null;
    }
    return new StoredLogin(
        json.get("url").asText(),
        json.path("username").asText(""),
        json.get("access_token").asText(),
        json.get("expires_at").asLong());
  }

  @Override
  public String toString() {
    return "StoredLogin[" + username + "@" + url + ", expires " + expiresAt + "]";
  }
}
