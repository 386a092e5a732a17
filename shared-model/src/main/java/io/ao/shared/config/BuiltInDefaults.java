package io.ao.shared.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The defaults shipped in the jars: {@value #COMMON_RESOURCE} overlaid with one service's own
 * resource. Every default lives in {@value #COMMON_RESOURCE}, since both services validate every
 * section of the shared file; the service resources (api-defaults.json, worker-defaults.json) stay
 * empty, a layer for a value one service would need different. The defaults also define which keys
 * exist, and so which {@code AO_...} variables are understood.
 */
public final class BuiltInDefaults {

  public static final String COMMON_RESOURCE = "ao-defaults.json";

  private BuiltInDefaults() {}

  /**
   * The common defaults merged with {@code serviceResource} (a classpath resource name such as
   * {@code api-defaults.json}); the service's values win. Reads the classpath, so it blocks: call
   * it from a worker thread or before Vert.x starts.
   *
   * @throws IllegalStateException when a resource is missing or is not a JSON object, which is a
   *     packaging bug rather than an operator's mistake
   */
  public static JsonObject read(String serviceResource) {
    return common().mergeIn(resource(serviceResource), true);
  }

  /** Only {@value #COMMON_RESOURCE}. Blocks, like {@link #read(String)}. */
  public static JsonObject common() {
    return resource(COMMON_RESOURCE);
  }

  private static JsonObject resource(String name) {
    // The class's own loader, not the context one: a fat jar and the test classpath both hold
    // the defaults next to this class, whatever thread happens to run the read.
    try (InputStream in = BuiltInDefaults.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in defaults resource '" + name + "' is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (DecodeException notAJsonObject) {
      throw new IllegalStateException(
          "built-in defaults resource '" + name + "' is not a JSON object", notAJsonObject);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(
          "cannot read built-in defaults resource '" + name + "'", unreadable);
    }
  }
}
