package io.ao.api.fuzz;

/** The kinds of damage done to a valid request (VALID does none). */
enum Mutation {
  VALID,
  WRONG_TYPE,
  MISSING_FIELD,
  EXTRA_FIELD,
  HUGE_STRING,
  HUGE_NUMBER,
  UNICODE,
  DEEP_NESTING,
  MALFORMED_JSON,
  WRONG_BODY_SHAPE,
  WRONG_CONTENT_TYPE,
  DUPLICATE_HEADERS,
  HEADER_VALUES,
  PATH_INJECTION,
  QUERY_VALUES;

  /** Mutations that only make sense for an operation with a request body. */
  boolean needsBody() {
    return this == MALFORMED_JSON || this == WRONG_BODY_SHAPE || this == WRONG_CONTENT_TYPE;
  }
}
