package io.ao.shared.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands on keys of different slots, sent at once and answered in order. A {@code batch()} would
 * be one round trip, but the cluster client refuses a batch whose keys live on different nodes; a
 * batch was never atomic either (a pipeline, not MULTI), so separate sends lose nothing.
 */
public final class IndependentRequests {

  private IndependentRequests() {}

  public static Future<List<Response>> send(Redis redis, List<Request> requests) {
    List<Future<Response>> replies = new ArrayList<>(requests.size());
    requests.forEach(request -> replies.add(redis.send(request)));
    return Future.all(replies)
        .map(
            all -> {
              List<Response> ordered = new ArrayList<>(replies.size());
              replies.forEach(reply -> ordered.add(reply.result()));
              return ordered;
            });
  }
}
