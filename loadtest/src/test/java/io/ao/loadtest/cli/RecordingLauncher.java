package io.ao.loadtest.cli;

import java.util.ArrayList;
import java.util.List;

/** A launcher that runs nothing and keeps what it was asked to run. */
final class RecordingLauncher implements Launcher {

  final List<Object> runs = new ArrayList<>();

  @Override
  public void http(HttpRun run) {
    runs.add(run);
  }

  @Override
  public void jobs(JobsRun run) {
    runs.add(run);
  }

  @Override
  public void calibrate(CalibrateRun run) {
    runs.add(run);
  }

  @Override
  public void startup(StartupRun run) {
    runs.add(run);
  }

  @Override
  public void timers(TimersRun run) {
    runs.add(run);
  }

  @Override
  public void leadWrites(LeadWritesRun run) {
    runs.add(run);
  }
}
