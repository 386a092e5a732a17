package io.ao.api.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three audit streams, by the name {@code GET /api/admin/audit?stream=} and backups use. The
 * security and anonymous streams each have a hash tag, so each one's script keys share a slot on
 * Redis Cluster; the main stream keeps its key from before they existed.
 */
public enum AuditStream {
  MAIN("main", ":audit"),
  SECURITY("security", ":{audit-security}:stream"),
  ANONYMOUS("anonymous", ":{audit-anonymous}:stream");

  private final String wireName;
  private final String keySuffix;

  AuditStream(String wireName, String keySuffix) {
    this.wireName = wireName;
    this.keySuffix = keySuffix;
  }

  public String wireName() {
    return wireName;
  }

  String key(String prefix) {
    return prefix + keySuffix;
  }

  public static Optional<AuditStream> named(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
