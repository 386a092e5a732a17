package io.ao.api.http;

import io.ao.shared.redis.ReplicaAckTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error bodies: every failure (validation, not found, body too large,
 * Redis down, a bug) becomes application/problem+json (RFC 9457). Bodies never carry stack traces
 * or class names; unexpected failures are logged with the request id.
 */
public final class ProblemRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemRenderer.class);

  private final BooleanSupplier redisUp;

  public ProblemRenderer(BooleanSupplier redisUp) {
    this.redisUp = redisUp;
  }

  public void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException || ctx.response().closed()) {
      // The client left, or the server closed the connection (idle timeout, shutdown): nobody to
      // answer and no fault of ours. Not an error to log: a client stalling thousands of requests
      // would otherwise write thousands of stack traces the moment their connections close.
      LOG.debug(
          "request {} {} ended by its connection closing [request_id={}]",
          ctx.request().method(),
          ctx.request().path(),
          RequestIds.of(ctx));
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ProblemException problem = toProblem(ctx);
    HttpServerResponse response = ctx.response();
    problem.headers().forEach(response::putHeader);
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", problem.title())
            .put("status", problem.status())
            .put("detail", problem.getMessage())
            .put("instance", ctx.request().path())
            .put("request_id", RequestIds.of(ctx));
    problem.extensions().forEach(body::put);
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      problem.errors().forEach(error -> errors.add(error.toJson()));
      body.put("errors", errors);
    }
    response
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(body.encode());
  }

  private ProblemException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException problem) {
      return problem;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure == null && status >= 400) {
      return byStatus(status, ctx);
    }
    if (failure instanceof HttpException && status >= 400 && status < 500) {
      return byStatus(status, ctx);
    }
    if (RedisOutages.isOutOfMemory(failure)) {
      return RedisOutages.outOfMemory();
    }
    ReplicaAckTimeoutException unconfirmed = RedisOutages.replicaAckTimeout(failure);
    if (unconfirmed != null) {
      return RedisOutages.unconfirmed(unconfirmed);
    }
    if (isRedisUnavailable(failure)) {
      return RedisOutages.unavailable();
    }
    if (status == 503) {
      return ProblemException.unavailable(
          "The service could not answer in time; try again shortly");
    }
    LOG.error(
        "request {} {} failed [request_id={}]",
        ctx.request().method(),
        ctx.request().path(),
        RequestIds.of(ctx),
        failure);
    return new ProblemException(
        500,
        "Internal Server Error",
        "Unexpected error; quote request id " + RequestIds.of(ctx) + " when reporting it",
        List.of(),
        Map.of());
  }

  private boolean isRedisUnavailable(Throwable failure) {
    return !redisUp.getAsBoolean() || RedisOutages.isOutage(failure);
  }

  private static ProblemException byStatus(int status, RoutingContext ctx) {
    return switch (status) {
      case 400 -> ProblemException.badRequest("The request could not be read");
      case 401 ->
          ProblemException.unauthorized(
              "Send a valid bearer token (Authorization: Bearer ...) or API key (X-API-Key)");
      case 403 -> ProblemException.forbidden("Your role does not allow this");
      case 404 -> ProblemException.notFound("No resource at " + ctx.request().path());
      case 405 ->
          new ProblemException(
              405,
              "Method Not Allowed",
              ctx.request().method() + " is not allowed on " + ctx.request().path(),
              List.of(),
              Map.of());
      case 413 ->
          new ProblemException(
              413,
              "Content Too Large",
              "The request body is larger than the limit",
              List.of(),
              Map.of());
      case 415 -> ProblemException.unsupportedMediaType("Send application/json");
      default ->
          new ProblemException(status, "HTTP " + status, "The request failed", List.of(), Map.of());
    };
  }
}
