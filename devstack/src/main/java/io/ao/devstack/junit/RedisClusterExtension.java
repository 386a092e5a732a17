package io.ao.devstack.junit;

import io.ao.devstack.redis.LocalRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a 3-master Redis Cluster on free loopback ports for a test class and stops it (and deletes
 * its files) after. Tests receive it as a {@link LocalRedisCluster} parameter.
 */
public final class RedisClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  public static final int MASTERS = 3;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalRedisCluster cluster =
        context.getStore(NAMESPACE).remove("cluster", LocalRedisCluster.class);
    if (cluster != null) {
      cluster.destroy();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalRedisCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static LocalRedisCluster cluster(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElse(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "cluster",
            key -> {
              try {
                return LocalRedisCluster.start(
                    MASTERS, Files.createTempDirectory("ao-test-cluster-"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            LocalRedisCluster.class);
  }
}
