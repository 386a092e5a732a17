package io.ao.worker.consumer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the delay before retry n lies in [d/2, d] with d =
 * min(max, base * 2^(n-1)). The jitter spreads retries of tasks that failed together, while the
 * lower half keeps each delay at least as long as the previous one's.
 */
public final class RetryBackoff {

  private final long baseMs;
  private final long maxMs;
  private final DoubleSupplier random;

  public RetryBackoff(long baseMs, long maxMs) {
    this(baseMs, maxMs, () -> ThreadLocalRandom.current().nextDouble());
  }

  RetryBackoff(long baseMs, long maxMs, DoubleSupplier random) {
    if (baseMs < 1 || maxMs < baseMs) {
      throw new IllegalArgumentException(
          "need 1 <= base <= max, got base " + baseMs + ", max " + maxMs);
    }
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** Delay before the retry that follows failed attempt number {@code attempt} (1-based). */
  public long delayAfter(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(maxMs, baseMs << shift);
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }
}
