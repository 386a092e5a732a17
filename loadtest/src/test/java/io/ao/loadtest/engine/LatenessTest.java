package io.ao.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenessTest {

  private static String[] run(long wakeAt, Long nextStarted) {
    return new String[] {
      new JsonObject().put("kind", "wait").put("wake_at", wakeAt).encode(),
      nextStarted == null ? null : new JsonObject().put("started_at", nextStarted).encode()
    };
  }

  @Test
  void latenessIsTheNextStepsStartMinusTheWakeTimeAndUnfiredRunsAreCounted() {
    List<String[]> runs = new ArrayList<>();
    for (int i = 0; i < 98; i++) {
      runs.add(run(10_000 + i * 10L, 10_000 + i * 10L + 200));
    }
    runs.add(run(20_000, 21_500L));
    runs.add(run(20_500, null));

    TimerBenchmark.Lateness lateness = TimerBenchmark.Lateness.of(runs);
    JsonObject json = lateness.toJson();

    assertThat(json.getLong("runs")).isEqualTo(100);
    assertThat(json.getLong("fired")).isEqualTo(99);
    assertThat(lateness.unfired()).isEqualTo(1);
    assertThat(json.getLong("late_over_1s")).isEqualTo(1);
    assertThat(json.getJsonObject("lateness_ms").getDouble("p50")).isEqualTo(200.0);
    assertThat(json.getJsonObject("lateness_ms").getDouble("max")).isEqualTo(1500.0);
    assertThat(json.getBoolean("goal_met")).isFalse();
  }
}
