package io.ao.api.http;

import io.ao.shared.config.AppConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/** CORS is off unless http.cors_origins lists the browser origins allowed to call the API. */
public final class CorsPolicy {

  private CorsPolicy() {}

  public static void install(Router router, AppConfig config) {
    List<String> origins = config.http().corsOrigins();
    if (origins.isEmpty()) {
      return;
    }
    router
        .route()
        .handler(
            CorsHandler.create()
                .addOrigins(origins)
                .allowedMethods(
                    Set.of(
                        HttpMethod.GET,
                        HttpMethod.POST,
                        HttpMethod.PUT,
                        HttpMethod.PATCH,
                        HttpMethod.DELETE))
                .allowedHeaders(
                    Set.of(
                        "Authorization",
                        "X-API-Key",
                        "Content-Type",
                        "If-Match",
                        "Idempotency-Key",
                        "X-Request-Id"))
                .exposedHeaders(
                    Set.of(
                        "X-Request-Id",
                        "ETag",
                        "Location",
                        "Retry-After",
                        "RateLimit-Limit",
                        "RateLimit-Remaining",
                        "RateLimit-Reset")));
  }
}
