package io.ao.api.audit;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One audit record: who (actor, role, auth method, client IP), did what (action, target), with what
 * outcome (and HTTP status), when, under which request id. Never a password, token, key or request
 * body.
 */
public record AuditEntry(
    long time,
    String actor,
    String role,
    String authMethod,
    String action,
    String target,
    String outcome,
    int status,
    String clientIp,
    String requestId) {

  /** Flat field/value pairs for XADD. */
  List<String> toFields() {
    List<String> fields = new ArrayList<>(20);
    JsonObject json = toJson();
    json.fieldNames()
        .forEach(
            name -> {
              fields.add(name);
              fields.add(String.valueOf(json.getValue(name)));
            });
    return fields;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("time", time)
        .put("actor", actor)
        .put("role", role)
        .put("auth_method", authMethod)
        .put("action", action)
        .put("target", target)
        .put("outcome", outcome)
        .put("status", status)
        .put("client_ip", clientIp)
        .put("request_id", requestId);
  }

  static AuditEntry fromFields(JsonObject fields) {
    return new AuditEntry(
        Long.parseLong(fields.getString("time", "0")),
        fields.getString("actor", ""),
        fields.getString("role", ""),
        fields.getString("auth_method", ""),
        fields.getString("action", ""),
        fields.getString("target", ""),
        fields.getString("outcome", ""),
        Integer.parseInt(fields.getString("status", "0")),
        fields.getString("client_ip", ""),
        fields.getString("request_id", ""));
  }
}
