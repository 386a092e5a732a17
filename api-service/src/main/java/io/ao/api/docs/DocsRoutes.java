package io.ao.api.docs;

import static io.vertx.core.http.HttpMethod.GET;

import io.ao.api.http.RouteTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * GET /openapi.json and the interactive docs at /docs: Swagger UI from its webjar, served from the
 * jar (no CDN), initialised by a script file rather than inline code so a strict
 * Content-Security-Policy can cover the page.
 */
public final class DocsRoutes {

  static final String SWAGGER_UI_WEBJAR = "META-INF/resources/webjars/swagger-ui/5.18.2";

  private final Buffer openApi = resource("/openapi.json");
  private final Buffer page = resource("/docs/index.html");
  private final Buffer initializer = resource("/docs/init.js");

  public void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(openApi);
  }

  /** GET /: a person who opens the service's address lands on the documentation. */
  public void home(RoutingContext ctx) {
    ctx.response().setStatusCode(302).putHeader("Location", "/docs").end();
  }

  public void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  public void initializer(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(initializer);
  }

  /** Swagger UI's own files under /docs/assets/. */
  public void mountAssets(Router router) {
    router
        .get("/docs/assets/*")
        .handler(
            StaticHandler.create(SWAGGER_UI_WEBJAR)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(86_400));
  }

  /** The OpenAPI document as text, for tests and for the router drift check. */
  public static Buffer openApiDocument() {
    return resource("/openapi.json");
  }

  private static Buffer resource(String path) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mounts the public documentation routes. */
  public static void mount(RouteTable routes) {
    DocsRoutes docs = new DocsRoutes();
    routes
        .publicRoute(GET, "/", docs::home)
        .publicRoute(GET, "/openapi.json", docs::openApi)
        .publicRoute(GET, "/docs", docs::page)
        .publicRoute(GET, "/docs/init.js", docs::initializer);
  }
}
