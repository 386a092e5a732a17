package io.ao.shared.leads;

/** A field and what is wrong with it; the API turns a list of these into one 422. */
public record FieldProblem(String field, String message) {}
