package io.ao.shared.config;

/**
 * The API's audit log ({@code audit} section).
 *
 * @param maxEntries the stream is trimmed to about this many entries
 * @param backupDir where audit backups are written (relative to the working directory unless
 *     absolute)
 */
public record AuditConfig(long maxEntries, String backupDir) {

  static AuditConfig read(ConfigReader config) {
    return new AuditConfig(
        config.requiredLong("audit.max_entries", 0, Long.MAX_VALUE),
        config.nonBlankString("audit.backup_dir"));
  }
}
