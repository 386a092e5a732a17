package io.ao.loadtest.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real worker processes (the task-worker jar) started for a jobs run and stopped after it. */
final class WorkerProcesses implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();

  void start(Path jar, int count, String redisUrl, String queue, int concurrency)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < count; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-jar",
                  jar.toString(),
                  "--queue",
                  queue,
                  "--worker-id",
                  "bench-" + i,
                  "--concurrency",
                  Integer.toString(concurrency))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("AO_REDIS_URL", redisUrl);
      builder.environment().put("AO_WORKER_HTTP_PORT", Integer.toString(freePort()));
      processes.add(builder.start());
    }
  }

  @Override
  public void close() throws InterruptedException {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
