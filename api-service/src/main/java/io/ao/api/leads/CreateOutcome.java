package io.ao.api.leads;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What lead_create.lua did: created the lead; refused it because another lead holds the email
 * ({@code existingId}); or found an earlier request with the same Idempotency-Key ({@code replay},
 * that request's record); or refused it because the creator's quota is spent.
 */
public record CreateOutcome(
    Result result, String existingId, JsonObject replay, List<String> skippedWorkflows) {

  /** The script's answers, by the number each starts with. */
  public enum Result {
    CREATED(1),
    EMAIL_TAKEN(0),
    REPLAYED(2),
    OVER_QUOTA(3),
    /** The workflow definitions moved since the write's workflow effects were decided. */
    STALE_DEFINITIONS(4);

    private final int reply;

    Result(int reply) {
      this.reply = reply;
    }

    static Result fromReply(int code) {
      for (Result result : values()) {
        if (result.reply == code) {
          return result;
        }
      }
      throw new IllegalStateException("lead_create answered " + code);
    }
  }

  /**
   * {1, skipped workflows...}, {0, existing id}, {2, record}, {3, bytes used} (in {@code
   * existingId}'s place) or {4}.
   */
  static CreateOutcome fromReply(Response reply) {
    Result result = Result.fromReply(reply.get(0).toInteger());
    return switch (result) {
      case CREATED -> {
        List<String> skipped = new ArrayList<>();
        for (int i = 1; i < reply.size(); i++) {
          skipped.add(reply.get(i).toString());
        }
        yield new CreateOutcome(result, null, null, skipped);
      }
      case EMAIL_TAKEN -> new CreateOutcome(result, reply.get(1).toString(), null, List.of());
      case REPLAYED ->
          new CreateOutcome(result, null, new JsonObject(reply.get(1).toString()), List.of());
      case OVER_QUOTA -> new CreateOutcome(result, reply.get(1).toString(), null, List.of());
      case STALE_DEFINITIONS -> new CreateOutcome(result, null, null, List.of());
    };
  }

  public boolean created() {
    return result == Result.CREATED;
  }
}
