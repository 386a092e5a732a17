package io.ao.api.console;

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
 * The operator console at /console: one HTML page and its ES modules and stylesheet, served from
 * the jar, plus Chart.js from its webjar (no CDN). The page itself holds no data and needs no
 * credentials; everything it shows it reads from the public API with the operator's token, which it
 * keeps in memory only. The console's Content-Security-Policy is {@code
 * SecurityHeaders.CONSOLE_CSP}.
 */
public final class ConsoleRoutes {

  static final String CHART_JS_WEBJAR = "META-INF/resources/webjars/chart.js/4.4.1";

  private final Buffer page = resource("/console/index.html");

  public void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  /**
   * The console's own files under /console/assets/ and Chart.js under /console/vendor/chart.js/.
   */
  public static void mountAssets(Router router) {
    router.get("/console/assets/*").handler(StaticHandler.create("console/assets"));
    router.get("/console/vendor/chart.js/*").handler(StaticHandler.create(CHART_JS_WEBJAR));
  }

  private static Buffer resource(String path) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mounts the console's page (public: it is a static page that asks for a sign-in). */
  public static void mount(RouteTable routes) {
    ConsoleRoutes console = new ConsoleRoutes();
    routes.publicRoute(GET, "/console", console::page);
  }
}
