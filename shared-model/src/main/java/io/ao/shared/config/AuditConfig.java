package io.ao.shared.config;

/**
 * The API's audit log ({@code audit} section). Three streams: every entry with an identity (capped
 * at {@code maxEntries}); a copy of each security-relevant one, kept until a backup has it (at most
 * {@code securityMaxEntries}, each drop counted); and the unauthenticated failures (capped at
 * {@code anonymousMaxEntries}, every one counted).
 *
 * @param maxEntries the stream of entries with an identity is trimmed to about this many; so is the
 *     security stream once its entries are backed up
 * @param securityMaxEntries the hard cap of the security stream: beyond it the oldest entries not
 *     yet backed up are dropped, and counted
 * @param anonymousMaxEntries the stream of unauthenticated failures is trimmed to about this many
 * @param backupDir where audit backups are written (relative to the working directory unless
 *     absolute)
 */
public record AuditConfig(
    long maxEntries, long securityMaxEntries, long anonymousMaxEntries, String backupDir) {

  static AuditConfig read(ConfigReader config) {
    long maxEntries = config.requiredLong("audit.max_entries", 0, Long.MAX_VALUE);
    long securityMaxEntries = config.requiredLong("audit.security_max_entries", 1, Long.MAX_VALUE);
    config.check(
        securityMaxEntries >= maxEntries,
        "audit.security_max_entries",
        "at least audit.max_entries");
    return new AuditConfig(
        maxEntries,
        securityMaxEntries,
        config.requiredLong("audit.anonymous_max_entries", 0, Long.MAX_VALUE),
        config.nonBlankString("audit.backup_dir"));
  }
}
