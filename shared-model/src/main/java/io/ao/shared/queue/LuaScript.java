package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One queue script: lib.lua's helpers followed by the script's own body. Runs by EVALSHA and falls
 * back to EVAL when Redis does not know the script (first use, or a Redis that restarted and lost
 * its script cache).
 */
public final class LuaScript {

  private static final String RESOURCE_DIR = "/io/ao/shared/queue/lua/";
  private static final String LIB = read(RESOURCE_DIR + "lib.lua");
  private static final String WORKFLOW_LIB = "/io/ao/shared/workflows/lua/workflow_lib.lua";

  private final String name;
  private final String source;
  private final String sha1;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  public static LuaScript load(String name) {
    return new LuaScript(name, LIB + "\n" + read(RESOURCE_DIR + name + ".lua"));
  }

  /** A script elsewhere on the class path that uses the queue helpers (it enqueues tasks). */
  public static LuaScript withQueueHelpers(String resourcePath) {
    return new LuaScript(resourcePath, LIB + "\n" + read(resourcePath));
  }

  /**
   * A script that moves workflow runs: the queue helpers, then the run helpers (workflow_lib.lua),
   * then the script (a run script, or a lead write that starts, resumes and cancels runs).
   */
  public static LuaScript withWorkflowHelpers(String resourcePath) {
    return new LuaScript(resourcePath, LIB + "\n" + read(WORKFLOW_LIB) + "\n" + read(resourcePath));
  }

  /** A script preceded by helpers of its own (a file of Lua functions beside it). */
  public static LuaScript withHelpers(String helpersPath, String resourcePath) {
    return new LuaScript(resourcePath, read(helpersPath) + "\n" + read(resourcePath));
  }

  /** A script of its own (no queue helpers), e.g. the API's rate limiter. */
  public static LuaScript fromClasspath(String resourcePath) {
    return new LuaScript(resourcePath, read(resourcePath));
  }

  public String name() {
    return name;
  }

  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis
        .send(request(Command.EVALSHA, sha1, keys, args))
        .recover(
            failure ->
                isNoScript(failure)
                    ? redis.send(request(Command.EVAL, source, keys, args))
                    : Future.failedFuture(failure));
  }

  private static Request request(
      Command command, String scriptOrSha, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static String read(String path) {
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
  }
}
