package io.ao.api.leads;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What lead_update.lua did: APPLIED as {@code version} ({@code detail}: the live sync chain the
 * change joined, or "" when it started its own); or refused it: MISSING (no such lead), VERSION
 * (another change came first; {@code detail} is the current version) or EMAIL (another lead holds
 * the new email; {@code detail} is its id) or QUOTA (the lead's creator has no room for it; {@code
 * detail} is the bytes they use).
 */
public record UpdateOutcome(
    Result result, long version, String detail, List<String> skippedWorkflows) {

  /** An applied change that joined a sync chain already under way (it enqueued no task). */
  boolean joinedLiveSync() {
    return result == Result.APPLIED && !detail.isEmpty();
  }

  /** The script's answers: applied, or the word it refused with. */
  public enum Result {
    APPLIED(""),
    MISSING("missing"),
    VERSION("version"),
    EMAIL("email"),
    QUOTA("quota"),
    /** The workflow definitions or the lead's active runs moved since the effects were decided. */
    STALE("stale");

    private final String reply;

    Result(String reply) {
      this.reply = reply;
    }

    static Result fromRefusal(String word) {
      for (Result result : values()) {
        if (result != APPLIED && result.reply.equals(word)) {
          return result;
        }
      }
      throw new IllegalStateException("lead_update refused with '" + word + "'");
    }
  }

  /** {1, new version, chain joined}; {0, 'missing'}; {0, 'version', current}; {0, 'email', id}. */
  static UpdateOutcome fromReply(Response reply) {
    if (reply.get(0).toInteger() == 1) {
      List<String> skipped = new ArrayList<>();
      for (int i = 3; i < reply.size(); i++) {
        skipped.add(reply.get(i).toString());
      }
      return new UpdateOutcome(
          Result.APPLIED, reply.get(1).toLong(), reply.get(2).toString(), skipped);
    }
    return new UpdateOutcome(
        Result.fromRefusal(reply.get(1).toString()),
        0,
        reply.size() > 2 ? reply.get(2).toString() : null,
        List.of());
  }
}
