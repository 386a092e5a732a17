package io.ao.api.http;

import io.vertx.core.json.JsonObject;

/** JSON Merge Patch (RFC 7396): null removes a member, objects merge, anything else replaces. */
public final class MergePatch {

  private MergePatch() {}

  public static JsonObject apply(JsonObject target, JsonObject patch) {
    JsonObject result = target.copy();
    patch.forEach(
        member -> {
          Object value = member.getValue();
          if (value == null) {
            result.remove(member.getKey());
          } else if (value instanceof JsonObject object
              && result.getValue(member.getKey()) instanceof JsonObject existing) {
            result.put(member.getKey(), apply(existing, object));
          } else if (value instanceof JsonObject object) {
            result.put(member.getKey(), apply(new JsonObject(), object));
          } else {
            result.put(member.getKey(), value);
          }
        });
    return result;
  }
}
