package io.ao.devstack.junit;

import io.ao.devstack.redis.DataDirectory;
import io.ao.devstack.redis.LocalRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real Redis on a free loopback port for a test class (never the machine's 6379) and
 * stops it after. Tests receive it as a {@link LocalRedisServer} parameter of a constructor, a
 * lifecycle method or a test method.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalRedisServer server = context.getStore(NAMESPACE).remove("server", LocalRedisServer.class);
    if (server != null) {
      server.stop();
      deleteQuietly(server.dir());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalRedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static LocalRedisServer server(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElse(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "server",
            key -> {
              try {
                Path dir = Files.createTempDirectory("ao-test-redis-");
                return LocalRedisServer.create(0, dir, "everysec").start();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            LocalRedisServer.class);
  }

  private static void deleteQuietly(Path dir) {
    try {
      DataDirectory.delete(dir);
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
