package io.ao.api.auth;

/**
 * Where users and API keys live in Redis. Every key carries the {@code {auth}} hash tag, so on
 * Redis Cluster they share one slot and each change (delete a user and all its keys, refuse to
 * delete the last admin, reset a password and revoke its keys) is one script.
 *
 * <ul>
 *   <li>{@code <p>:{auth}:user:<name>}: hash of username, role, password_hash, created_at, stamp
 *   <li>{@code <p>:{auth}:users}, {@code <p>:{auth}:admins}: sets of names
 *   <li>{@code <p>:{auth}:user-keys:<name>}: sorted set of the user's key ids, scored by expiry
 *   <li>{@code <p>:{auth}:apikey:<sha256>}: hash of a key's record; {@code
 *       <p>:{auth}:apikey-id:<id>}: that key's digest
 * </ul>
 */
public final class AuthKeys {

  private final String tagged;

  public AuthKeys(String prefix) {
    this.tagged = prefix + ":{auth}:";
  }

  public String user(String name) {
    return tagged + "user:" + name;
  }

  public String users() {
    return tagged + "users";
  }

  public String admins() {
    return tagged + "admins";
  }

  public String userKeys(String name) {
    return tagged + "user-keys:" + name;
  }

  public String apiKey(String digest) {
    return apiKeyPrefix() + digest;
  }

  public String apiKeyId(String id) {
    return apiKeyIdPrefix() + id;
  }

  /** For scripts that revoke keys they find as they go (same slot, so Cluster allows it). */
  public String apiKeyPrefix() {
    return tagged + "apikey:";
  }

  public String apiKeyIdPrefix() {
    return tagged + "apikey-id:";
  }
}
