package io.ao.api.fuzz;

/**
 * A broken invariant: on which operation, what was wrong, and the request (with its seed index)
 * that showed it.
 */
record Finding(String operation, String problem, int index, FuzzRequest request, int status) {

  /** Findings with the same key are the same bug: the report shows one example and a count. */
  String key() {
    return operation + " | " + problem.replaceAll("\\d{3,}", "N");
  }
}
