package io.ao.shared.queue;

/**
 * What the start transition decided for one delivery.
 * RUN: the handler runs now, as attempt {@code attempts} of {@code maxAttempts}.
 * SKIP: the entry was stale (task gone, finished or superseded) and has been dropped.
 * DEAD: deliveries that never reported back used up every attempt; dead-lettered.
 */
public record StartResult(Decision decision, int attempts, int maxAttempts, String reason) {

  public enum Decision { RUN, SKIP, DEAD }

  public boolean shouldRun() {
    return decision == Decision.RUN;
  }
}
