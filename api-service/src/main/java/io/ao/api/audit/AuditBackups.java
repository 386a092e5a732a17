package io.ao.api.audit;

import io.ao.shared.crypto.Sha256;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Backups of the audit log as JSONL files (gzip when asked) in one directory. Files are written and
 * listed on worker threads; names are only ever those this class makes, so a request can never
 * reach a path outside the directory.
 */
public final class AuditBackups {

  static final Pattern NAME = Pattern.compile("audit-\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.jsonl(\\.gz)?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final Path dir;
  private final SecureRandom random = new SecureRandom();

  public AuditBackups(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir.toAbsolutePath().normalize();
  }

  public record Backup(String name, long sizeBytes, int entries, String sha256, long createdAt) {
    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("name", name)
              .put("size_bytes", sizeBytes)
              .put("created_at", createdAt);
      if (sha256 != null) {
        json.put("entries", entries).put("sha256", sha256);
      }
      return json;
    }
  }

  /** Writes the entries (oldest first) as one JSON object per line, each naming its stream. */
  public Future<Backup> write(List<AuditReader.Stored> entries, boolean gzip) {
    long now = System.currentTimeMillis();
    String name =
        "audit-"
            + STAMP.format(Instant.ofEpochMilli(now))
            + "-"
            + HexFormat.of().formatHex(randomBytes())
            + (gzip ? ".jsonl.gz" : ".jsonl");
    return vertx.executeBlocking(
        () -> {
          Files.createDirectories(dir);
          Path temp = Files.createTempFile(dir, ".writing-", ".tmp");
          MessageDigest sha = Sha256.newDigest();
          try (OutputStream file = Files.newOutputStream(temp);
              DigestOutputStream digest = new DigestOutputStream(file, sha);
              OutputStream out = gzip ? new GZIPOutputStream(digest) : digest) {
            for (AuditReader.Stored stored : entries) {
              out.write(
                  stored
                      .entry()
                      .toJson()
                      .put("id", stored.id())
                      .put("stream", stored.stream().wireName())
                      .encode()
                      .getBytes(StandardCharsets.UTF_8));
              out.write('\n');
            }
          }
          Path target = dir.resolve(name);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          return new Backup(
              name,
              Files.size(target),
              entries.size(),
              HexFormat.of().formatHex(sha.digest()),
              now);
        },
        false);
  }

  /** Newest first. */
  public Future<List<Backup>> list() {
    return vertx.executeBlocking(
        () -> {
          List<Backup> backups = new ArrayList<>();
          if (!Files.isDirectory(dir)) {
            return backups;
          }
          try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
              String name = file.getFileName().toString();
              if (NAME.matcher(name).matches()) {
                backups.add(
                    new Backup(
                        name,
                        Files.size(file),
                        0,
                        null,
                        Files.getLastModifiedTime(file).toMillis()));
              }
            }
          }
          backups.sort((a, b) -> b.name().compareTo(a.name()));
          return backups;
        },
        false);
  }

  /** The file of a backup name this class could have made; empty for any other name. */
  public Optional<Path> resolve(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path file = dir.resolve(name).normalize();
    // second guard: whatever the pattern allowed, the file must sit directly in the directory
    return file.getParent().equals(dir) ? Optional.of(file) : Optional.empty();
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[4];
    random.nextBytes(bytes);
    return bytes;
  }
}
