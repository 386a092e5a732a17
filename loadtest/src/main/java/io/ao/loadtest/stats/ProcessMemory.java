package io.ao.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resident memory of one local process, named by its pid (Linux, from /proc). The load generator
 * measures only the process it was told to ({@code --api-pid}) and never looks for one itself: a
 * search by command line finds whichever matching process comes first, another stack's included.
 */
public final class ProcessMemory {

  private final long pid;

  private ProcessMemory(long pid) {
    this.pid = pid;
  }

  /** The running process with this pid, or empty when there is none. */
  public static Optional<ProcessMemory> of(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> new ProcessMemory(pid));
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

  /**
   * Whether this process holds a TCP socket listening on {@code port}: a check that the pid given
   * is the server under load. Empty when /proc cannot tell (not Linux, or the process's file
   * descriptors are not readable by this user).
   */
  public Optional<Boolean> listensOn(int port) {
    Set<String> listening = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        listening.addAll(listeningInodes(Files.readAllLines(Path.of(table)), port));
      } catch (IOException absent) {
        // no IPv6 table, or no /proc: whatever the other one says
      }
    }
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      Set<String> own = new HashSet<>();
      fds.forEach(
          fd -> {
            try {
              own.add(Files.readSymbolicLink(fd).toString());
            } catch (IOException closedMeanwhile) {
              // gone between listing and reading
            }
          });
      return Optional.of(
          listening.stream().anyMatch(inode -> own.contains("socket:[" + inode + "]")));
    } catch (IOException | SecurityException unreadable) {
      return Optional.empty();
    }
  }

  /** The inodes of the sockets in LISTEN state (st 0A) on {@code port}, from a /proc/net table. */
  static Set<String> listeningInodes(List<String> table, int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    Set<String> inodes = new HashSet<>();
    for (String line : table.subList(Math.min(1, table.size()), table.size())) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length > 9 && columns[1].endsWith(hexPort) && "0A".equals(columns[3])) {
        inodes.add(columns[9]);
      }
    }
    return inodes;
  }
}
