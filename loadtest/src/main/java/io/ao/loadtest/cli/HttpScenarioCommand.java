package io.ao.loadtest.cli;

import io.ao.loadtest.scenario.ScenarioCatalog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * An HTTP scenario (seed-mix, burst, reads, writes): one class, registered once per scenario with
 * that scenario's defaults (ScenarioCatalog), which its --help shows.
 */
@Command(showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true)
final class HttpScenarioCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "The API to load (http only).")
  URI url;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Virtual users (closed model), or the sessions the arrivals share (--rate).")
  int users;

  @Option(
      names = "--spawn-rate",
      paramLabel = "PER_S",
      description = "Users started per second (closed model); 0 starts them all at once.")
  double spawnRate;

  @Option(names = "--duration", paramLabel = "S", description = "Seconds of measured load.")
  double duration;

  @Option(
      names = "--think",
      paramLabel = "MIN-MAX",
      converter = ThinkTime.Converter.class,
      description = "Seconds a user waits between its requests: 0, 1 or a range like 0.5-1.5.")
  ThinkTime think;

  @Option(
      names = "--rate",
      paramLabel = "PER_S",
      description =
          "Open model: this many requests/s whatever the server does, latency measured from each"
              + " request's intended send time. Without it: the closed model.")
  Double rate;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "Seconds of unrecorded load first (closed, no think time), so the figures are of warm"
              + " JVMs.")
  double warmup;

  @Option(
      names = "--auth",
      paramLabel = "login|api-key",
      description =
          "login: each user logs in with the password (PBKDF2, ~0.3 s of server CPU each);"
              + " api-key: one API key for all users, made up front and revoked at the end.")
  String auth;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "admin",
      description = "The load-test user (it also reads /health/detailed: operator or admin).")
  String user;

  @Option(
      names = "--password",
      paramLabel = "TEXT",
      description = "Its password (else read from --password-file).")
  String password;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      defaultValue = "var/admin-password",
      description = "A file holding the password (./run.sh writes var/admin-password).")
  Path passwordFile;

  @Option(
      names = "--api-pid",
      paramLabel = "PID",
      description =
          "Sample this process's resident memory every second (the API under test, e.g. the pid"
              + " ./run.sh prints). Without it no memory is measured, and the report says so.")
  Long apiPid;

  @Option(
      names = "--worker-metrics",
      paramLabel = "URL",
      description =
          "A worker's Prometheus endpoint (./run.sh: http://127.0.0.1:8081/metrics): its tasks"
              + " finished by type and outcome, read before and after the run. The workers'"
              + " processed counts come from the API's /health/detailed either way.")
  URI workerMetrics;

  @Option(
      names = "--settle",
      paramLabel = "S",
      defaultValue = "60",
      description =
          "After the load, wait up to this many seconds for the workflows it started to finish.")
  double settle;

  @Option(
      names = "--check-workflows",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Poll the status of up to N of the workflows the run started (a random sample when it"
              + " started more); 0: none.")
  int checkWorkflows;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-<scenario>/.")
  Path out;

  HttpScenarioCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  /** The scenario's own defaults for the options whose default depends on the scenario. */
  static IDefaultValueProvider defaults(ScenarioCatalog.Defaults defaults) {
    return argument -> {
      if (!(argument instanceof OptionSpec option)) {
        return null;
      }
      return switch (option.longestName()) {
        case "--users" -> Integer.toString(defaults.users());
        case "--spawn-rate" -> number(defaults.spawnRate());
        case "--duration" -> number(defaults.durationSeconds());
        case "--think" -> defaults.think();
        case "--auth" -> defaults.auth();
        default -> null;
      };
    };
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  @Override
  public Integer call() throws Exception {
    Checks check = new Checks(spec);
    launcher.http(
        new Launcher.HttpRun(
            spec.name(),
            checkedUrl(),
            check.atLeast("--users", users, 1),
            check.notNegative("--spawn-rate", spawnRate),
            check.positive("--duration", duration),
            think,
            checkedAuth(),
            rate == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(check.positive("--rate", rate)),
            check.notNegative("--warmup", warmup),
            user,
            password(),
            checkedPid(),
            Optional.ofNullable(workerMetrics).map(this::checkedMetricsUrl),
            check.notNegative("--settle", settle),
            (int) check.notNegative("--check-workflows", checkWorkflows),
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }

  private URI checkedUrl() {
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw invalid("--url: expected http://HOST[:PORT], got '" + url + "'");
    }
    return url;
  }

  private URI checkedMetricsUrl(URI metrics) {
    if (!"http".equals(metrics.getScheme()) || metrics.getHost() == null) {
      throw invalid("--worker-metrics: expected http://HOST:PORT/metrics, got '" + metrics + "'");
    }
    return metrics;
  }

  private String checkedAuth() {
    if (!"login".equals(auth) && !"api-key".equals(auth)) {
      throw invalid("--auth: expected login or api-key, got '" + auth + "'");
    }
    return auth;
  }

  private OptionalLong checkedPid() {
    if (apiPid == null) {
      return OptionalLong.empty();
    }
    if (ProcessHandle.of(apiPid).filter(ProcessHandle::isAlive).isEmpty()) {
      throw invalid("--api-pid: no running process has pid " + apiPid);
    }
    return OptionalLong.of(apiPid);
  }

  private String password() {
    if (password != null) {
      return password;
    }
    try {
      return Files.readString(passwordFile).trim();
    } catch (IOException unreadable) {
      throw invalid(
          "no password: --password-file "
              + passwordFile
              + " cannot be read ("
              + unreadable.getClass().getSimpleName()
              + "); give --password or --password-file");
    }
  }

  private ParameterException invalid(String message) {
    return new Checks(spec).invalid(message);
  }
}
