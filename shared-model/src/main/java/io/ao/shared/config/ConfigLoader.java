package io.ao.shared.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a service's configuration, later sources winning key by key:
 *
 * <ol>
 *   <li>the built-in defaults ({@value BuiltInDefaults#COMMON_RESOURCE} + the service's resource),
 *   <li>the file named by {@code AO_CONFIG} (JSON or YAML by extension; it must exist when named),
 *   <li>{@code AO_...} environment variables, typed like the key's default.
 * </ol>
 *
 * The result is validated as a whole: every bad key is reported in one {@link
 * InvalidConfigException}. The configuration is read once; a change needs a restart.
 */
public final class ConfigLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private final Vertx vertx;
  private final Map<String, String> environment;

  /**
   * @param environment the variables to read; tests pass their own instead of the process's
   */
  public ConfigLoader(Vertx vertx, Map<String, String> environment) {
    this.vertx = vertx;
    this.environment = Map.copyOf(environment);
  }

  public static ConfigLoader fromProcessEnvironment(Vertx vertx) {
    return new ConfigLoader(vertx, System.getenv());
  }

  /**
   * Every environment variable the loader reads for these defaults: {@code AO_CONFIG}, one name per
   * key and the short aliases ({@code AO_JWT_SECRET}). For checking that manifests and scripts use
   * names that exist.
   */
  public static Set<String> knownEnvNames(JsonObject defaults) {
    SortedSet<String> names = new TreeSet<>(EnvOverlay.pathsByName(defaults).keySet());
    names.add(EnvOverlay.CONFIG_FILE);
    return Collections.unmodifiableSortedSet(names);
  }

  /**
   * @param serviceDefaultsResource the service's defaults on the classpath, e.g. {@code
   *     api-defaults.json}
   * @param requirements what this service needs beyond well-formed values
   * @return the validated configuration; fails with {@link InvalidConfigException} when the file or
   *     any value is wrong
   */
  public Future<AppConfig> load(String serviceDefaultsResource, ConfigRequirement... requirements) {
    Set<ConfigRequirement> required = Set.of(requirements);
    return vertx
        .executeBlocking(() -> BuiltInDefaults.read(serviceDefaultsResource))
        .compose(
            defaults -> {
              EnvOverlay env = EnvOverlay.from(defaults, environment);
              warnAboutUnknown(env.unknownNames());
              Optional<ConfigFile> file = ConfigFile.fromEnvironment(environment);
              return requireExisting(file)
                  .compose(ignored -> merge(defaults, file, env.overlay()))
                  .map(merged -> validate(merged, env, required));
            });
  }

  private Future<Void> requireExisting(Optional<ConfigFile> file) {
    if (file.isEmpty()) {
      return Future.succeededFuture();
    }
    // Checked up front: the file store's own failure is a bare NoSuchFileException.
    return vertx
        .fileSystem()
        .exists(file.get().path())
        .compose(
            exists ->
                exists ? Future.succeededFuture() : Future.failedFuture(file.get().missing()));
  }

  private Future<JsonObject> merge(
      JsonObject defaults, Optional<ConfigFile> file, JsonObject envOverlay) {
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .setScanPeriod(0)
            .addStore(jsonStore(defaults));
    file.ifPresent(present -> options.addStore(present.storeOptions()));
    options.addStore(jsonStore(envOverlay));

    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        // The JSON stores cannot fail, so a failure is the file's: say which file and why.
        .recover(
            cause ->
                Future.failedFuture(
                    file.<Throwable>map(present -> present.unreadable(cause)).orElse(cause)))
        .eventually(retriever::close);
  }

  private static AppConfig validate(
      JsonObject merged, EnvOverlay env, Set<ConfigRequirement> requirements) {
    ConfigReader reader = new ConfigReader(merged);
    env.problems().forEach(reader::report);
    AppConfig config = AppConfig.read(reader, requirements);
    reader.throwIfInvalid();
    return config;
  }

  private static void warnAboutUnknown(SortedSet<String> unknownNames) {
    if (!unknownNames.isEmpty()) {
      LOG.warn(
          "Ignoring environment variables {}: no configuration key has that name "
              + "(a key's variable is AO_ + its path upper-cased with '.' as '_', e.g. AO_RATE_LIMIT_MAX_REQUESTS)",
          String.join(", ", unknownNames));
    }
  }

  private static ConfigStoreOptions jsonStore(JsonObject json) {
    return new ConfigStoreOptions().setType("json").setConfig(json);
  }
}
