package io.ao.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads one audit stream: pages newest first for the API, everything oldest first for backups. */
public final class AuditReader {

  /** How many entries one query may look at, so a narrow filter cannot scan the whole log. */
  private static final int SCAN_LIMIT = 20_000;

  private static final int CHUNK = 500;

  private final Redis redis;
  private final String prefix;

  public AuditReader(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** One stored entry with its stream and its id there (the cursor of the next page). */
  public record Stored(AuditStream stream, String id, AuditEntry entry) {}

  public record Page(List<Stored> items, String nextCursor) {}

  /**
   * Newest first: entries before {@code cursor} (exclusive; null = from the newest) that are no
   * older than {@code sinceMs} and match {@code filter}.
   */
  public Future<Page> query(
      AuditStream stream,
      String cursor,
      long untilMs,
      long sinceMs,
      Predicate<AuditEntry> filter,
      int limit) {
    String from =
        cursor != null ? "(" + cursor : untilMs > 0 ? untilMs + "-18446744073709551615" : "+";
    String to = sinceMs > 0 ? sinceMs + "-0" : "-";
    return scan(stream, from, to, filter, limit, new ArrayList<>(), 0);
  }

  private Future<Page> scan(
      AuditStream stream,
      String from,
      String to,
      Predicate<AuditEntry> filter,
      int limit,
      List<Stored> found,
      int scanned) {
    return redis
        .send(
            Request.cmd(Command.XREVRANGE)
                .arg(stream.key(prefix))
                .arg(from)
                .arg(to)
                .arg("COUNT")
                .arg(CHUNK))
        .compose(
            entries -> {
              String lastId = null;
              for (Response entry : entries) {
                lastId = entry.get(0).toString();
                AuditEntry parsed = AuditEntry.fromFields(fields(entry.get(1)));
                if (filter.test(parsed)) {
                  found.add(new Stored(stream, lastId, parsed));
                  if (found.size() == limit) {
                    return Future.succeededFuture(new Page(found, lastId));
                  }
                }
              }
              int seen = scanned + entries.size();
              if (entries.size() < CHUNK || lastId == null) {
                return Future.succeededFuture(new Page(found, null));
              }
              if (seen >= SCAN_LIMIT) {
                // stop here; the caller continues from this cursor
                return Future.succeededFuture(new Page(found, lastId));
              }
              return scan(stream, "(" + lastId, to, filter, limit, found, seen);
            });
  }

  /** Every entry of the stream, oldest first, read in chunks (for backups). */
  public Future<List<Stored>> all(AuditStream stream) {
    return readForward(stream, "-", new ArrayList<>());
  }

  private Future<List<Stored>> readForward(
      AuditStream stream, String from, List<Stored> collected) {
    return redis
        .send(
            Request.cmd(Command.XRANGE)
                .arg(stream.key(prefix))
                .arg(from)
                .arg("+")
                .arg("COUNT")
                .arg(CHUNK))
        .compose(
            entries -> {
              String lastId = null;
              for (Response entry : entries) {
                lastId = entry.get(0).toString();
                collected.add(
                    new Stored(stream, lastId, AuditEntry.fromFields(fields(entry.get(1)))));
              }
              return entries.size() < CHUNK || lastId == null
                  ? Future.succeededFuture(collected)
                  : readForward(stream, "(" + lastId, collected);
            });
  }

  private static JsonObject fields(Response pairs) {
    JsonObject fields = new JsonObject();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
    }
    return fields;
  }
}
