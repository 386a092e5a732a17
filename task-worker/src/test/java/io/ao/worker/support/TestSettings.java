package io.ao.worker.support;

import io.ao.worker.consumer.ConsumerSettings;

/** Consumer settings with short intervals, so tests see retries and takeovers quickly. */
public final class TestSettings {

  private TestSettings() {}

  public static ConsumerSettings fast(String workerId) {
    return new ConsumerSettings(
        workerId,
        64,
        32,
        200,
        /* visibility */ 2_000, /* promote */
        50, /* reclaim */
        500, /* heartbeat */
        500,
        /* task timeout */ 10_000, /* grace */
        5_000,
        /* retry base */ 200, /* retry max */
        5_000, /* retention */
        3_600);
  }
}
