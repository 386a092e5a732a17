package io.ao.loadtest.engine;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** What the engine benchmarks read of Redis itself: INFO sections and the command statistics. */
final class RedisFigures {

  private final Redis redis;

  RedisFigures(Redis redis) {
    this.redis = redis;
  }

  /** The text of {@code INFO <section>}. */
  Future<String> info(String section) {
    return redis.send(Request.cmd(Command.INFO).arg(section)).map(Object::toString);
  }

  /** {@code used_memory} of INFO memory, in bytes. */
  Future<Long> usedMemory() {
    return info("memory").map(text -> Long.parseLong(field(text, "used_memory")));
  }

  /** Zeroes INFO commandstats, so a later read covers only what ran in between. */
  Future<Void> resetStats() {
    return redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).mapEmpty();
  }

  /**
   * INFO commandstats as {@code command → {calls, usec, usec_per_call}}, the scripts under their
   * EVALSHA line.
   */
  Future<JsonObject> commandStats() {
    return info("commandstats")
        .map(
            text -> {
              JsonObject stats = new JsonObject();
              for (String line : text.split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) {
                  continue;
                }
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                JsonObject figures = new JsonObject();
                for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
                  String[] kv = pair.split("=", 2);
                  if (kv.length == 2) {
                    try {
                      figures.put(kv[0], Double.parseDouble(kv[1]));
                    } catch (NumberFormatException notNumber) {
                      figures.put(kv[0], kv[1]);
                    }
                  }
                }
                stats.put(name, figures);
              }
              return stats;
            });
  }

  Future<Long> dbSize() {
    return redis.send(Request.cmd(Command.DBSIZE)).map(reply -> reply.toLong());
  }

  Future<Long> zcard(String key) {
    return redis.send(Request.cmd(Command.ZCARD).arg(key)).map(reply -> reply.toLong());
  }

  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalStateException("INFO has no " + name);
  }
}
