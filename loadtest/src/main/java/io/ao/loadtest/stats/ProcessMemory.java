package io.ao.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Resident memory of a local process, read from /proc (Linux): the API's RSS during a run. */
public final class ProcessMemory {

  private final long pid;

  private ProcessMemory(long pid) {
    this.pid = pid;
  }

  /** The first process whose command line contains {@code marker}, e.g. "api-service.jar". */
  public static Optional<ProcessMemory> find(String marker) {
    long self = ProcessHandle.current().pid();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(handle -> handle.pid() != self)
          .filter(
              handle ->
                  handle.info().commandLine().map(line -> line.contains(marker)).orElse(false))
          .findFirst()
          .map(handle -> new ProcessMemory(handle.pid()));
    }
  }

  public long pid() {
    return pid;
  }

  /** VmRSS in MiB, or -1 when the process is gone or /proc is not there. */
  public double residentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Math.round(kib / 1024.0 * 10) / 10.0;
        }
      }
    } catch (IOException | NumberFormatException gone) {
      return -1;
    }
    return -1;
  }
}
