package io.ao.shared.queue;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Reads the entries out of XREADGROUP and XAUTOCLAIM replies, in RESP2 and RESP3 alike. */
final class StreamReplies {

  private StreamReplies() {}

  /** XREADGROUP answers nil on timeout, else [[stream, [[id, fields], ...]]] (a map in RESP3). */
  static List<StreamEntry> ofRead(Response reply) {
    List<StreamEntry> entries = new ArrayList<>();
    if (reply == null) {
      return entries;
    }
    for (Response streamEntries : streamsOf(reply)) {
      for (Response entry : streamEntries) {
        entries.add(new StreamEntry(entry.get(0).toString(), entry.get(1)));
      }
    }
    return entries;
  }

  /**
   * XAUTOCLAIM answers [cursor, entries] on Redis 6.2 and adds the deleted ids on 7.x; an entry
   * deleted since it was read comes back without fields and is left out.
   */
  static List<StreamEntry> ofAutoClaim(Response reply) {
    List<StreamEntry> claimed = new ArrayList<>();
    for (Response entry : reply.get(1)) {
      if (entry != null && entry.size() == 2 && entry.get(1) != null) {
        claimed.add(new StreamEntry(entry.get(0).toString(), entry.get(1)));
      }
    }
    return claimed;
  }

  private static List<Response> streamsOf(Response reply) {
    List<Response> streams = new ArrayList<>();
    if (!reply.getKeys().isEmpty()) {
      reply.getKeys().forEach(key -> streams.add(reply.get(key)));
    } else {
      for (Response pair : reply) {
        streams.add(pair.get(1));
      }
    }
    return streams;
  }
}
