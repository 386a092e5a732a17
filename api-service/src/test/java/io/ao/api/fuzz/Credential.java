package io.ao.api.fuzz;

/** Who a fuzzed request claims to be. */
enum Credential {
  /** Bearer token of the first admin, from a real login. */
  ADMIN_JWT,
  /** An admin API key in X-API-Key. */
  ADMIN_API_KEY,
  /** Bearer token of an agent, the lowest role. */
  AGENT_JWT,
  /** No credentials at all. */
  NONE,
  /** A token or key that is well-formed-looking garbage. */
  FORGED
}
