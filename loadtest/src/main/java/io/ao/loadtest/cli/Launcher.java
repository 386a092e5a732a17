package io.ao.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a parsed, valid command line runs. The command line is parsed and checked in full before any
 * of these is called: a wrong command line runs nothing.
 */
public interface Launcher {

  void http(HttpRun run) throws Exception;

  void jobs(JobsRun run) throws Exception;

  void calibrate(CalibrateRun run) throws Exception;

  void startup(StartupRun run) throws Exception;

  void timers(TimersRun run) throws Exception;

  void leadWrites(LeadWritesRun run) throws Exception;

  /**
   * One HTTP scenario against a running API.
   *
   * @param rate the open model's requests per second; empty: the closed model
   * @param password the load-test user's password, already read (from --password or the file)
   * @param apiPid the process whose resident memory is sampled; empty: none is measured
   * @param workerMetrics a worker's Prometheus endpoint, read before and after the run
   * @param out the base folder; the run writes into a new folder under it
   * @param args the command line as typed, recorded in the run's folder
   */
  record HttpRun(
      String scenario,
      URI url,
      int users,
      double spawnRate,
      double durationSeconds,
      ThinkTime think,
      String auth,
      OptionalDouble rate,
      double warmupSeconds,
      String user,
      String password,
      OptionalLong apiPid,
      Optional<URI> workerMetrics,
      double settleSeconds,
      int checkWorkflows,
      Path out,
      List<String> args) {}

  /**
   * @param workers empty: the workers already running drain the queue; else this many fresh worker
   *     processes are started after the queue is filled
   */
  record JobsRun(
      String redis,
      String prefix,
      String queue,
      int jobs,
      double rate,
      double warmupSeconds,
      long timeoutSeconds,
      OptionalInt workers,
      Path workerJar,
      int concurrency,
      Path out,
      List<String> args) {}

  record CalibrateRun(String redis, int users, long durationSeconds, Path out, List<String> args) {}

  record StartupRun(
      Path root,
      String redis,
      String apiJvmOpts,
      String workerJvmOpts,
      int rounds,
      Path out,
      List<String> args) {}

  /**
   * The workflow engine's timers on a stack of its own (Redis, the API, {@code workers} workers).
   *
   * @param waiting runs parked in a 30-day wait first (0: none)
   */
  record TimersRun(
      Path root,
      int waitSeconds,
      double rate,
      double durationSeconds,
      int leads,
      long waiting,
      int fillInFlight,
      long fillTimeoutSeconds,
      long settleSeconds,
      boolean startThroughApi,
      int workers,
      String apiJvmOpts,
      String workerJvmOpts,
      Path out,
      List<String> args) {}

  /** Lead-write latency with and without trigger definitions, on a stack of its own. */
  record LeadWritesRun(
      Path root,
      int definitions,
      int phases,
      int requests,
      int concurrency,
      int warmup,
      boolean match,
      String apiJvmOpts,
      Path out,
      List<String> args) {}
}
