package io.ao.api.http;

import io.vertx.core.Future;

/**
 * Where a newest-first page starts: after the entry its cursor names. Lists page by an entry's rank
 * in a sorted set, so a cursor whose entry is gone cannot be placed and is a 422.
 */
public final class CursorPages {

  private CursorPages() {}

  /**
   * The rank after the cursor's entry, given that entry's rank (null when it is gone); {@code noun}
   * names what the list holds ("lead", "run").
   */
  public static Future<Long> rankAfter(Future<Long> cursorRank, String noun) {
    return cursorRank.map(
        rank -> {
          if (rank == null) {
            throw ProblemException.invalid(
                "cursor", "the " + noun + " this cursor points at is gone; start again");
          }
          return rank + 1;
        });
  }
}
