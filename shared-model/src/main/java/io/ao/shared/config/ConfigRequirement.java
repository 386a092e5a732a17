package io.ao.shared.config;

/**
 * What one service needs beyond well-formed values. Both services read the same keys, but a worker
 * has no use for the token signing key, and its deployments do not carry one.
 */
public enum ConfigRequirement {
  /** With {@code auth.enabled}, a usable signing key: the API signs and checks tokens. */
  SIGNING_KEY
}
