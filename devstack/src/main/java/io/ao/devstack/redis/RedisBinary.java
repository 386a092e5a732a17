package io.ao.devstack.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds a redis-server to run: {@code AO_REDIS_SERVER_BIN} if set, else the one on PATH, else the
 * binary shipped inside the embedded-redis jar, extracted once to a cache dir.
 */
public final class RedisBinary {

  private RedisBinary() {}

  public static Path locate() {
    String forced = System.getenv("AO_REDIS_SERVER_BIN");
    if (forced != null && !forced.isBlank()) {
      return Path.of(forced);
    }
    Path onPath = findOnPath("redis-server");
    return onPath != null ? onPath : embedded();
  }

  static Path findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The binary of the embedded-redis jar for this OS and CPU (Redis 6.2). */
  public static Path embedded() {
    String resource = embeddedResourceName();
    Path cacheDir =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "ao-redis-" + System.getProperty("user.name", "user"));
    Path target = cacheDir.resolve(resource);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no redis-server on PATH and the embedded-redis jar has no " + resource);
      }
      Files.createDirectories(cacheDir);
      Path temp = Files.createTempFile(cacheDir, resource, ".part");
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      temp.toFile().setExecutable(true, true);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract " + resource, e);
    }
  }

  private static String embeddedResourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm");
    if (os.contains("mac")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("linux")) {
      return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    }
    throw new IllegalStateException(
        "no embedded redis-server for " + os + "/" + arch + "; install Redis or set AO_REDIS_URL");
  }
}
