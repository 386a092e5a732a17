package io.ao.api.audit;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one backup holds: all three streams, oldest first, each security entry once (it is also on
 * the main stream while that still has it), and the last security id read, up to which the security
 * stream may then be trimmed.
 */
record AuditSnapshot(List<AuditReader.Stored> entries, String lastSecurityId) {

  static Future<AuditSnapshot> take(AuditReader reader) {
    // security first: every entry up to the last id read is then in the backup, from one stream or
    // the other, whatever is written meanwhile
    Future<List<AuditReader.Stored>> security = reader.all(AuditStream.SECURITY);
    return security.compose(
        securityEntries ->
            Future.all(reader.all(AuditStream.MAIN), reader.all(AuditStream.ANONYMOUS))
                .map(
                    streams ->
                        merge(
                            streams.<List<AuditReader.Stored>>resultAt(0),
                            securityEntries,
                            streams.<List<AuditReader.Stored>>resultAt(1))));
  }

  private static AuditSnapshot merge(
      List<AuditReader.Stored> main,
      List<AuditReader.Stored> security,
      List<AuditReader.Stored> anonymous) {
    List<AuditReader.Stored> all = new ArrayList<>(main);
    Set<String> onMain = new HashSet<>();
    main.forEach(stored -> onMain.add(identity(stored.entry())));
    security.stream()
        .filter(stored -> !onMain.contains(identity(stored.entry())))
        .forEach(all::add);
    all.addAll(anonymous);
    all.sort(Comparator.comparingLong(stored -> stored.entry().time()));
    String last = security.isEmpty() ? null : security.get(security.size() - 1).id();
    return new AuditSnapshot(all, last);
  }

  /** The same entry on two streams has two stream ids but the same request, action and time. */
  private static String identity(AuditEntry entry) {
    return entry.requestId() + '\n' + entry.action() + '\n' + entry.time();
  }
}
