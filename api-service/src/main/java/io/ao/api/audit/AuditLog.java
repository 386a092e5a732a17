package io.ao.api.audit;

import io.ao.shared.config.AuditConfig;
import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the audit log, shared by every API instance, into three streams (see {@link AuditKind}):
 * entries with an identity go to the main stream, capped near {@code audit.max_entries}; a
 * security-relevant one is also copied to the security stream, kept until backed up; an
 * unauthenticated failure goes only to the anonymous stream, capped and counted. Nothing is dropped
 * without being counted.
 */
public final class AuditLog {

  private static final LuaScript SECURITY_APPEND =
      LuaScript.fromClasspath("/io/ao/api/audit/audit_security_append.lua");
  private static final LuaScript ANONYMOUS_APPEND =
      LuaScript.fromClasspath("/io/ao/api/audit/audit_anonymous_append.lua");
  private static final LuaScript BACKED_UP =
      LuaScript.fromClasspath("/io/ao/api/audit/audit_backed_up.lua");

  private final Redis redis;
  private final String prefix;
  private final AuditConfig settings;
  private final AuditGauges gauges;

  public AuditLog(Redis redis, String prefix, AuditConfig settings, AuditGauges gauges) {
    this.redis = redis;
    this.prefix = prefix;
    this.settings = settings;
    this.gauges = gauges;
  }

  /** Figures an admin reads with every page of the log, and the alerts watch. */
  public record Counts(
      long anonymousRecorded,
      long anonymousRefusedUnrecorded,
      long securityHeld,
      long securityMaxEntries,
      long securityDropped,
      String securityBackedUpThrough) {}

  Future<Void> record(AuditEntry entry, AuditKind kind) {
    return switch (kind) {
      case ANONYMOUS ->
          ANONYMOUS_APPEND
              .run(
                  redis,
                  List.of(AuditStream.ANONYMOUS.key(prefix), anonymousCountsKey()),
                  withFields(List.of(Long.toString(settings.anonymousMaxEntries())), entry))
              .mapEmpty();
      case ORDINARY -> appendToMain(entry);
      case SECURITY -> Future.all(appendToMain(entry), appendToSecurity(entry)).mapEmpty();
    };
  }

  /**
   * Requests refused before authentication by the per-address block, counted in bulk instead of one
   * entry each: that is what keeps a flood from costing a write per request.
   */
  public Future<Void> countRefusedUnrecorded(long requests) {
    return redis
        .send(
            Request.cmd(Command.HINCRBY)
                .arg(anonymousCountsKey())
                .arg("refused_unrecorded")
                .arg(requests))
        .mapEmpty();
  }

  /** A backup holds every security entry up to {@code id}: those may now be trimmed. */
  Future<Void> backedUpThrough(String id) {
    return BACKED_UP.run(redis, List.of(securityKey("backed-up")), List.of(id)).mapEmpty();
  }

  public Future<Counts> counts() {
    Future<Response> anonymous = redis.send(Request.cmd(Command.HGETALL).arg(anonymousCountsKey()));
    Future<Response> held =
        redis.send(Request.cmd(Command.XLEN).arg(AuditStream.SECURITY.key(prefix)));
    Future<Response> dropped = redis.send(Request.cmd(Command.GET).arg(securityKey("dropped")));
    Future<Response> cursor = redis.send(Request.cmd(Command.GET).arg(securityKey("backed-up")));
    return Future.all(anonymous, held, dropped, cursor)
        .map(
            all -> {
              Counts counts =
                  new Counts(
                      field(anonymous.result(), "recorded"),
                      field(anonymous.result(), "refused_unrecorded"),
                      held.result().toLong(),
                      settings.securityMaxEntries(),
                      dropped.result() == null ? 0 : dropped.result().toLong(),
                      cursor.result() == null ? null : cursor.result().toString());
              gauges.security(counts.securityHeld(), counts.securityDropped());
              return counts;
            });
  }

  private Future<Void> appendToMain(AuditEntry entry) {
    Request add =
        Request.cmd(Command.XADD)
            .arg(AuditStream.MAIN.key(prefix))
            .arg("MAXLEN")
            .arg("~")
            .arg(settings.maxEntries())
            .arg("*");
    entry.toFields().forEach(add::arg);
    return redis.send(add).mapEmpty();
  }

  private Future<Void> appendToSecurity(AuditEntry entry) {
    return SECURITY_APPEND
        .run(
            redis,
            List.of(
                AuditStream.SECURITY.key(prefix), securityKey("backed-up"), securityKey("dropped")),
            withFields(
                List.of(
                    Long.toString(settings.maxEntries()),
                    Long.toString(settings.securityMaxEntries())),
                entry))
        .map(
            reply -> {
              gauges.security(reply.get(0).toLong(), reply.get(1).toLong());
              return null;
            });
  }

  private String securityKey(String name) {
    return prefix + ":{audit-security}:" + name;
  }

  private String anonymousCountsKey() {
    return prefix + ":{audit-anonymous}:counts";
  }

  private static List<String> withFields(List<String> args, AuditEntry entry) {
    List<String> all = new ArrayList<>(args);
    all.addAll(entry.toFields());
    return all;
  }

  private static long field(Response hash, String name) {
    Response value = hash == null ? null : hash.get(name);
    return value == null ? 0 : value.toLong();
  }
}
