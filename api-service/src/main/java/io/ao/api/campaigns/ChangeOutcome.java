package io.ao.api.campaigns;

import io.vertx.redis.client.Response;

/**
 * What campaign_update.lua or campaign_delete.lua did: APPLIED; or refused: MISSING (no such
 * campaign) or VERSION (another change came first; {@code currentVersion} is the version now).
 */
record ChangeOutcome(Result result, long currentVersion) {

  /** The scripts' answers: applied, or the word they refused with. */
  enum Result {
    APPLIED(""),
    MISSING("missing"),
    VERSION("version");

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
      throw new IllegalStateException("campaign script refused with '" + word + "'");
    }
  }

  /** {1}; {0, 'missing'}; {0, 'version', current}. */
  static ChangeOutcome fromReply(Response reply) {
    if (reply.get(0).toInteger() == 1) {
      return new ChangeOutcome(Result.APPLIED, 0);
    }
    return new ChangeOutcome(
        Result.fromRefusal(reply.get(1).toString()), reply.size() > 2 ? reply.get(2).toLong() : 0);
  }
}
