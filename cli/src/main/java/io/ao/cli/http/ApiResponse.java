package io.ao.cli.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A 2xx answer (or a status the call accepted): its status and its JSON body (a {@code MissingNode}
 * when it had none).
 */
public record ApiResponse(int status, JsonNode body) {}
