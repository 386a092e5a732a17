package io.ao.api.leads;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * What lead_create.lua did: created the lead; refused it because another lead holds the email
 * ({@code existingId}); or found an earlier request with the same Idempotency-Key ({@code replay},
 * that request's record); or refused it because the creator's quota is spent.
 */
public record CreateOutcome(Result result, String existingId, JsonObject replay) {

  /** The script's answers, by the number each starts with. */
  public enum Result {
    CREATED(1),
    EMAIL_TAKEN(0),
    REPLAYED(2),
    OVER_QUOTA(3);

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

  /** {1}, {0, existing id}, {2, record} or {3, bytes used} (in {@code existingId}'s place). */
  static CreateOutcome fromReply(Response reply) {
    Result result = Result.fromReply(reply.get(0).toInteger());
    return switch (result) {
      case CREATED -> new CreateOutcome(result, null, null);
      case EMAIL_TAKEN -> new CreateOutcome(result, reply.get(1).toString(), null);
      case REPLAYED -> new CreateOutcome(result, null, new JsonObject(reply.get(1).toString()));
      case OVER_QUOTA -> new CreateOutcome(result, reply.get(1).toString(), null);
    };
  }

  public boolean created() {
    return result == Result.CREATED;
  }
}
