package io.ao.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestStatsTest {

  // Found by the API fuzzer (full-size run): GET /api/metrics answered 500 when its read of the
  // latency histogram ran while an event loop recorded into it (ConcurrentModificationException).
  @Test
  void readingTheFiguresWhileEventLoopsRecordNeverFails() throws Exception {
    RequestStats stats = new RequestStats();
    AtomicBoolean reading = new AtomicBoolean(true);
    List<CompletableFuture<Void>> recorders = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      recorders.add(
          CompletableFuture.runAsync(
              () -> {
                for (long i = 0; reading.get(); i++) {
                  stats.record(i % 7 == 0 ? 500 : 200, 50 + (i * 7919) % 400_000);
                }
              }));
    }
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < until) {
        assertThat(stats.averageMillis()).isGreaterThanOrEqualTo(0);
        assertThat(stats.p99Millis()).isGreaterThanOrEqualTo(0);
      }
    } finally {
      reading.set(false);
    }
    CompletableFuture.allOf(recorders.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(stats.total()).isPositive();
    assertThat(stats.averageMillis()).isBetween(0.05, 400.05);
    assertThat(stats.p99Millis()).isBetween(0.05, 401.0);
  }
}
