package io.ao.shared.queue;

import io.vertx.redis.client.Response;

/**
 * What the start transition (lib.lua {@code start_one}, run by start_batch.lua) decided for one
 * delivery: RUN as attempt {@code attempts} of {@code maxAttempts}; SKIP a stale entry (task gone,
 * finished or superseded), already dropped; DEAD when deliveries that never reported back used up
 * every attempt, already dead-lettered.
 */
public record StartResult(Decision decision, int attempts, int maxAttempts, String reason) {

  /** The script's answers, by the word each starts with. */
  public enum Decision {
    RUN("run"),
    SKIP("skip"),
    DEAD("dead");

    private final String reply;

    Decision(String reply) {
      this.reply = reply;
    }

    static Decision fromReply(String word) {
      for (Decision decision : values()) {
        if (decision.reply.equals(word)) {
          return decision;
        }
      }
      throw new IllegalStateException("start script answered '" + word + "'");
    }
  }

  /** {'run', attempts, max_attempts}, {'skip', reason} or {'dead', attempts}. */
  static StartResult fromReply(Response reply) {
    Decision decision = Decision.fromReply(reply.get(0).toString());
    return switch (decision) {
      case RUN -> new StartResult(decision, reply.get(1).toInteger(), reply.get(2).toInteger(), "");
      case DEAD ->
          new StartResult(
              decision, reply.get(1).toInteger(), 0, "attempts used up by lost deliveries");
      case SKIP -> new StartResult(decision, 0, 0, reply.get(1).toString());
    };
  }

  public boolean shouldRun() {
    return decision == Decision.RUN;
  }
}
