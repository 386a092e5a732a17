package io.ao.devstack.junit;

import io.ao.devstack.redis.LocalRedisSentinel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a Sentinel-managed Redis (a master, {@link #REPLICAS} replicas, {@link #SENTINELS}
 * Sentinels) on free loopback ports for a test class and destroys it after. Tests receive it as a
 * {@link LocalRedisSentinel} parameter.
 */
public final class RedisSentinelExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  public static final int REPLICAS = 2;
  public static final int SENTINELS = 3;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisSentinelExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    sentinel(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalRedisSentinel set = context.getStore(NAMESPACE).remove("set", LocalRedisSentinel.class);
    if (set != null) {
      set.destroy();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalRedisSentinel.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return sentinel(context);
  }

  private static LocalRedisSentinel sentinel(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElse(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "set",
            key -> {
              try {
                return LocalRedisSentinel.start(
                    REPLICAS,
                    SENTINELS,
                    Files.createTempDirectory("ao-test-sentinel-"),
                    "everysec");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            LocalRedisSentinel.class);
  }
}
