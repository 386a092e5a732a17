package io.ao.shared.queue;

import io.vertx.redis.client.Response;

/** One entry of a queue stream as the consumer-group commands return it: its id and fields. */
public record StreamEntry(String id, Response fields) {

  /** The task delivery this entry carries; throws when the entry is not a task envelope. */
  public TaskEnvelope toEnvelope() {
    return TaskEnvelope.fromStreamEntry(id, fields);
  }
}
