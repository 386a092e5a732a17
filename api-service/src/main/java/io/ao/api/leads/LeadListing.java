package io.ao.api.leads;

import io.ao.api.http.CursorPages;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of leads, newest first: walks the creation index in chunks, applying the query's filters,
 * until the page is full, the range ends, or a scan limit says where to go on.
 */
final class LeadListing {

  private static final int LIST_CHUNK = 200;
  private static final int LIST_SCAN_LIMIT = 5_000;

  private final LeadStore store;

  LeadListing(LeadStore store) {
    this.store = store;
  }

  Future<String> page(LeadQuery query) {
    Future<Long> start =
        query.cursor() != null
            ? CursorPages.rankAfter(store.rankOf(query.cursor()), "lead")
            : query.createdBefore() == Long.MAX_VALUE
                ? Future.succeededFuture(0L)
                : store.countNewerThan(query.createdBefore());
    return start.compose(rank -> scan(query, rank, new ArrayList<>(), 0));
  }

  private Future<String> scan(LeadQuery query, long rank, List<String> found, int scanned) {
    // unfiltered, a page needs exactly limit + 1 leads (the extra one says whether there is more)
    int chunkSize = query.filtersDocuments() ? LIST_CHUNK : query.limit() + 1;
    return store
        .newestFrom(rank, chunkSize)
        .compose(
            chunk -> {
              List<String> ids = chunk.stream().map(LeadStore.Listed::id).toList();
              return store
                  .getAll(ids)
                  .compose(
                      leads -> {
                        for (int i = 0; i < chunk.size(); i++) {
                          LeadStore.Listed listed = chunk.get(i);
                          if (listed.createdAt() < query.createdAfter()) {
                            return Future.succeededFuture(LeadDocuments.page(found, null));
                          }
                          LeadStore.StoredLead lead = leads.get(i);
                          if (lead != null
                              && listed.createdAt() <= query.createdBefore()
                              && (!query.filtersDocuments() || query.matches(lead))) {
                            found.add(lead.representationText());
                            if (found.size() == query.limit()) {
                              boolean more = i + 1 < chunk.size() || chunk.size() == chunkSize;
                              return Future.succeededFuture(
                                  LeadDocuments.page(found, more ? listed.id() : null));
                            }
                          }
                        }
                        int seen = scanned + chunk.size();
                        if (chunk.size() < chunkSize) {
                          return Future.succeededFuture(LeadDocuments.page(found, null));
                        }
                        if (seen >= LIST_SCAN_LIMIT) {
                          // a narrow filter over many leads: hand back what we have, and
                          // where to go on
                          return Future.succeededFuture(
                              LeadDocuments.page(found, chunk.get(chunk.size() - 1).id()));
                        }
                        return scan(query, rank + chunk.size(), found, seen);
                      });
            });
  }
}
