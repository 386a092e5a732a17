package io.ao.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The worker's flags, as in the seed ({@code --queue default --worker-id worker-1}) plus {@code
 * --concurrency}. Flags override the configuration; absent flags leave it be.
 */
public record WorkerCommandLine(
    List<String> queues, Optional<String> workerId, Optional<Integer> concurrency) {

  public static final String USAGE =
      """
    usage: java -jar task-worker.jar [--queue NAME[,NAME...]] [--worker-id ID] [--concurrency N]
      --queue        queue(s) to consume (default: the configured queue.queues)
      --worker-id    this worker's consumer name (default: <host>-<pid>)
      --concurrency  tasks in flight at most (default: worker.concurrency)""";

  public static WorkerCommandLine parse(String... args) {
    List<String> queues = new ArrayList<>();
    String workerId = null;
    Integer concurrency = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
      String value;
      if (flag.contains("=")) {
        value = flag.substring(flag.indexOf('=') + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--queue" ->
            Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(q -> !q.isEmpty())
                .forEach(queues::add);
        case "--worker-id" -> workerId = requireNonBlank(name, value);
        case "--concurrency" -> concurrency = parsePositive(name, value);
        default -> throw new IllegalArgumentException("unknown flag " + name);
      }
    }
    return new WorkerCommandLine(
        List.copyOf(queues), Optional.ofNullable(workerId), Optional.ofNullable(concurrency));
  }

  private static String requireNonBlank(String flag, String value) {
    if (value.isBlank() || !value.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          flag + " must be 1-100 characters of [A-Za-z0-9._-], got '" + value + "'");
    }
    return value;
  }

  private static int parsePositive(String flag, String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= 10_000) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        flag + " must be an integer between 1 and 10000, got '" + value + "'");
  }
}
