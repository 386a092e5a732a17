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

/**
 * The audit log: a Redis stream capped near {@code audit.max_entries} (XADD MAXLEN ~), shared by
 * every API instance. Entry ids are the stream's, so they sort by time.
 */
public final class AuditLog {

  /** How many entries one query may look at, so a narrow filter cannot scan the whole log. */
  private static final int SCAN_LIMIT = 20_000;

  private static final int CHUNK = 500;

  private final Redis redis;
  private final String key;
  private final long maxEntries;

  public AuditLog(Redis redis, String prefix, long maxEntries) {
    this.redis = redis;
    this.key = prefix + ":audit";
    this.maxEntries = maxEntries;
  }

  public Future<Void> record(AuditEntry entry) {
    Request add =
        Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(maxEntries).arg("*");
    entry.toFields().forEach(add::arg);
    return redis.send(add).mapEmpty();
  }

  /** One stored entry with its stream id (the cursor of the next page). */
  public record Stored(String id, AuditEntry entry) {}

  public record Page(List<Stored> items, String nextCursor) {}

  /**
   * Newest first: entries before {@code cursor} (exclusive; null = from the newest) that are no
   * older than {@code sinceMs} and match {@code filter}.
   */
  public Future<Page> query(
      String cursor, long untilMs, long sinceMs, Predicate<AuditEntry> filter, int limit) {
    String from =
        cursor != null ? "(" + cursor : untilMs > 0 ? untilMs + "-18446744073709551615" : "+";
    String to = sinceMs > 0 ? sinceMs + "-0" : "-";
    return scan(from, to, filter, limit, new ArrayList<>(), 0);
  }

  private Future<Page> scan(
      String from,
      String to,
      Predicate<AuditEntry> filter,
      int limit,
      List<Stored> found,
      int scanned) {
    return redis
        .send(Request.cmd(Command.XREVRANGE).arg(key).arg(from).arg(to).arg("COUNT").arg(CHUNK))
        .compose(
            entries -> {
              String lastId = null;
              for (Response entry : entries) {
                lastId = entry.get(0).toString();
                AuditEntry parsed = AuditEntry.fromFields(fields(entry.get(1)));
                if (filter.test(parsed)) {
                  found.add(new Stored(lastId, parsed));
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
              return scan("(" + lastId, to, filter, limit, found, seen);
            });
  }

  /** Every entry, oldest first, read in chunks (for backups). */
  public Future<List<Stored>> all() {
    return readForward("-", new ArrayList<>());
  }

  private Future<List<Stored>> readForward(String from, List<Stored> collected) {
    return redis
        .send(Request.cmd(Command.XRANGE).arg(key).arg(from).arg("+").arg("COUNT").arg(CHUNK))
        .compose(
            entries -> {
              String lastId = null;
              for (Response entry : entries) {
                lastId = entry.get(0).toString();
                collected.add(new Stored(lastId, AuditEntry.fromFields(fields(entry.get(1)))));
              }
              return entries.size() < CHUNK || lastId == null
                  ? Future.succeededFuture(collected)
                  : readForward("(" + lastId, collected);
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
