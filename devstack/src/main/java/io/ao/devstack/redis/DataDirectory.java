package io.ao.devstack.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A Redis data directory (AOF, logs, nodes.conf) removed with everything in it. */
public final class DataDirectory {

  private DataDirectory() {}

  /** Deletes {@code dir} and its contents; nothing to do when it does not exist. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> files = Files.walk(dir)) {
      deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : deepestFirst) {
      Files.delete(path);
    }
  }
}
