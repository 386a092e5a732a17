package io.ao.api.audit;

import io.ao.api.auth.AuthRoutes;

/**
 * Which stream an entry goes to. An unauthenticated failure must never push out an entry with an
 * identity (issue 15: a 25 s flood of anonymous 401s used to empty the log), and a
 * security-relevant entry must outlive any flood, so each kind has its own retention.
 */
enum AuditKind {
  /** No identity: no credentials, bad ones, or a login of a name that is no user. */
  ANONYMOUS,
  /** A user's or key's ordinary request. */
  ORDINARY,
  /** A login, a key or user change, or anything an admin does: also kept until backed up. */
  SECURITY;

  /** The stream whose figures an entry of this kind counts under (a security entry: main too). */
  AuditStream stream() {
    return switch (this) {
      case ANONYMOUS -> AuditStream.ANONYMOUS;
      case ORDINARY -> AuditStream.MAIN;
      case SECURITY -> AuditStream.SECURITY;
    };
  }

  static AuditKind of(AuditEntry entry, boolean authenticated) {
    boolean login = entry.action().startsWith("auth.login");
    if (!authenticated && (!login || entry.actor().equals(AuthRoutes.UNKNOWN_USER))) {
      return ANONYMOUS;
    }
    if (login && entry.target().equals("throttled")) {
      // refused before any password was checked: noise an attacker makes at will
      return ANONYMOUS;
    }
    return login
            || entry.action().startsWith("auth.")
            || entry.action().startsWith("admin.")
            || entry.role().equals("admin")
        ? SECURITY
        : ORDINARY;
  }
}
