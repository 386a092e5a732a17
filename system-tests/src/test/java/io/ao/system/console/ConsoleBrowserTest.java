package io.ao.system.console;

import static io.ao.api.support.RunningApi.await;
import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.system.support.CrmStandIn;
import io.ao.worker.DomainHandlers;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The operator console in a real browser (Debian's chromium, headless) against the API and a worker
 * on a real Redis, one browser session through every flow in order: sign-in (a wrong password, then
 * by keyboard), queues with the chart, workers, dead letters (Retry one, Discard one with a
 * keyboard-confirmed dialog, Retry all and Discard all matching a filter), a task by id, a workflow
 * run's timeline (a condition's branch, a wait's wake time) and Cancel, definitions; then 1,000
 * dead letters paged and re-driven with "Retry all matching". No severe browser-console message, so
 * no CSP violation, along the way. Screenshots of each page go to {@code console.screenshots.dir}
 * (default target/console-screenshots; docs/console for the README).
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private static final String OPERATOR = "console-operator";
  private static final String PASSWORD = "password-of-" + OPERATOR;

  private final LocalRedisServer redis;
  private final AtomicBoolean fixed = new AtomicBoolean();
  private Vertx vertx;
  private RunningApi api;
  private ConsoleBrowser browser;
  private final Map<String, String> dead = new HashMap<>();

  ConsoleBrowserTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  void start() {
    String absent =
        "ConsoleBrowserTest skipped: "
            + ConsoleBrowser.CHROMIUM
            + " or "
            + ConsoleBrowser.CHROMEDRIVER
            + " is absent (Debian: apt-get install chromium chromium-driver)";
    if (!ConsoleBrowser.available()) {
      System.out.println(absent);
    }
    Assumptions.assumeTrue(ConsoleBrowser.available(), absent);
    vertx = Vertx.vertx();
    CrmStandIn crm = await(new CrmStandIn().start(vertx));
    Map<String, String> env = new HashMap<>(redis.environment());
    env.put("AO_CRM_API_BASE_URL", crm.url());
    env.put("AO_TASKS_ACCEPTED_TYPES", "[\"noop\",\"fragile\"]");
    api = RunningApi.start(vertx, redis, env);
    api.tokenOfNewUser(OPERATOR, "operator");
    AppConfig config = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
    Redis workerRedis =
        SharedConnectionRedis.create(
            vertx, InProcessWorker.options(redis).setMaxPoolWaiting(10_000));
    HandlerRegistry handlers =
        DomainHandlers.register(
            HandlerRegistry.withBuiltIns().register(new Fragile()),
            vertx,
            workerRedis,
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await(
        InProcessWorker.deploy(
            vertx,
            redis,
            "default",
            1,
            handlers,
            TestSettings.fast("console-worker"),
            RunAdvancer.from(
                workerRedis, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
    browser =
        new ConsoleBrowser(
            "http://127.0.0.1:" + api.port(),
            Path.of(System.getProperty("console.screenshots.dir", "target/console-screenshots")));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (api != null) {
      api.close();
      await(vertx.close());
    }
  }

  /** Fails with the task's payload's "error" until {@link #fixed}; max_attempts 1 buries it. */
  private final class Fragile implements TaskHandler {
    @Override
    public String type() {
      return "fragile";
    }

    @Override
    public Future<JsonObject> handle(TaskContext task) {
      return fixed.get()
          ? Future.succeededFuture(new JsonObject().put("fixed", true))
          : Future.failedFuture(task.payload().getString("error", "downstream unavailable"));
    }
  }

  @Test
  @Order(1)
  void signInRefusesAWrongPasswordThenLetsAnOperatorInByKeyboard() {
    browser.open("");
    browser.awaitHeading("Sign in");
    assertThat(browser.focusedText()).as("the page's heading takes the focus").isEqualTo("Sign in");
    browser.screenshot("sign-in");
    browser.await(By.id("username")).sendKeys(OPERATOR);
    browser.await(By.id("password")).sendKeys("not-the-password", Keys.ENTER);
    browser.awaitText(By.id("signin-status"), "Invalid");
    assertThat(browser.focusedId()).as("focus back on the password").isEqualTo("password");
    // the refused login is a 401 the browser logs; nothing else may be severe
    assertThat(browser.severe()).doesNotContain("Content Security Policy");

    browser.await(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);
    browser.awaitHeading("Queues");
    assertThat(browser.await(By.id("who")).getText()).isEqualTo(OPERATOR + " (operator)");
    assertThat(browser.focusedText()).isEqualTo("Queues");
    assertThat(
            (Object)
                browser
                    .driver()
                    .executeScript("return localStorage.length + sessionStorage.length"))
        .as("the token is kept in memory only")
        .isEqualTo(0L);
  }

  @Test
  @Order(2)
  void theQueuesPageShowsEachQueuesFiguresAndTheLastHoursChart() {
    api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    browser.go("#/queues");
    browser.awaitText(By.id("queue-figures"), "default");
    assertThat(browser.await(By.id("history-canvas")).getAttribute("role")).isEqualTo("img");
    browser.awaitPresent(By.cssSelector("#history-table table")); // its figures as a table, too
    assertThat(browser.await(By.cssSelector("nav a[aria-current=page]")).getText())
        .isEqualTo("Queues");
    assertThat(
            (Object)
                browser
                    .driver()
                    .executeScript("return !!window.Chart && !!Chart.getChart('history-canvas')"))
        .as("Chart.js loaded under the CSP and drew the chart")
        .isEqualTo(true);
  }

  @Test
  @Order(3)
  void theWorkersPageListsTheLiveWorkerWithItsHeartbeat() {
    browser.go("#/workers");
    browser.awaitText(By.id("worker-list"), "console-worker");
    assertThat(browser.await(By.id("worker-list")).getText()).contains("s ago");
    browser.screenshot("workers");
  }

  @Test
  @Order(4)
  void deadLettersAreRetriedAndDiscardedOneAtATimeAndAllMatchingAFilter()
      throws InterruptedException {
    fixed.set(false);
    for (String[] task :
        new String[][] {
          {"retry-one", "timeout calling the CRM"},
          {"retry-filtered", "timeout calling the CRM"},
          {"discard-one", "refused: bad request"},
          {"discard-a", "refused: bad request"},
          {"discard-b", "REFUSED: unknown field"}
        }) {
      dead.put(task[0], fragileTask(task[1]));
    }
    for (String id : dead.values()) {
      eventually(Duration.ofSeconds(20), () -> "dead".equals(state(id)));
    }
    browser.go("#/dead-letters");
    browser.awaitHeading("Dead letters");
    eventually(Duration.ofSeconds(10), () -> rows().size() == 5);
    WebElement toggle =
        row(dead.get("discard-one")).findElement(By.cssSelector("button.payload-toggle"));
    assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
    toggle.click();
    browser.awaitText(By.id("payload-" + dead.get("discard-one")), "refused: bad request");
    assertThat(
            row(dead.get("discard-one"))
                .findElement(By.cssSelector("button.payload-toggle"))
                .getAttribute("aria-expanded"))
        .isEqualTo("true");
    browser.screenshot("dead-letters");

    fixed.set(true);
    row(dead.get("retry-one")).findElement(By.cssSelector("button.retry-one")).click();
    browser.awaitText(By.id("dl-outcome"), "re-driven");
    eventually(Duration.ofSeconds(10), () -> "succeeded".equals(state(dead.get("retry-one"))));

    // Discard one, confirmed by keyboard: the dialog opens on Cancel, Tab moves to Discard
    row(dead.get("discard-one")).findElement(By.cssSelector("button.discard-one")).click();
    browser.await(By.id("confirm-ok"));
    assertThat(browser.focusedId()).isEqualTo("confirm-cancel");
    browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("confirm-ok");
    browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.awaitText(By.id("dl-outcome"), "discarded");
    assertThat(deadLetterIds()).doesNotContain(dead.get("discard-one"));

    // all matching a filter: the timeout one is re-driven, the refused ones discarded
    filter("", "timeout");
    browser.await(By.id("retry-all")).click();
    browser.awaitText(By.id("confirm-text"), "whose error contains “timeout”");
    browser.await(By.id("confirm-ok")).click();
    browser.awaitText(By.id("dl-outcome"), "Re-drove 1 of 1 matching");
    eventually(Duration.ofSeconds(10), () -> "succeeded".equals(state(dead.get("retry-filtered"))));

    filter("fragile", "refused");
    browser.await(By.id("discard-all")).click();
    browser.await(By.id("confirm-ok"));
    browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE); // Escape cancels
    browser.awaitGone(By.id("confirm-ok"));
    assertThat(browser.focusedId()).as("focus back where it was").isEqualTo("discard-all");
    assertThat(deadLetterIds()).as("cancelling changed nothing").hasSize(2);
    browser.await(By.id("discard-all")).click();
    browser.await(By.id("confirm-ok")).click();
    browser.awaitText(By.id("dl-outcome"), "Discarded 2 of 2 matching");
    assertThat(deadLetterIds()).isEmpty();
    browser.awaitText(By.id("dead-letter-list"), "No dead letters.");
  }

  @Test
  @Order(5)
  void aTaskIsLookedUpByIdWithItsStateAndPayload() {
    browser.go("#/task");
    browser.awaitHeading("Look up a task");
    browser.await(By.id("task-id")).sendKeys(dead.get("retry-one"), Keys.ENTER);
    browser.awaitText(By.id("task-fields"), "succeeded");
    assertThat(browser.await(By.id("task-payload")).getText()).contains("timeout calling the CRM");
    browser.screenshot("task");
  }

  @Test
  @Order(6)
  void aWorkflowRunShowsItsTimelineWithBranchAndWakeTimeAndIsCancelled()
      throws InterruptedException {
    assertThat(
            api.postJson(
                    "/api/workflows/definitions",
                    new JsonObject(
                        """
                        {"name": "console_demo", "description": "a web-form lead waits a day",
                         "steps": [
                           {"name": "route", "if": "lead.source == 'web_form'",
                            "then": "pause", "else": "done"},
                           {"name": "pause", "wait": "P1D"},
                           {"name": "done", "end": true}]}
                        """))
                .statusCode())
        .isEqualTo(201);
    String runId =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "console_demo")
                    .put(
                        "lead",
                        new JsonObject()
                            .put("email", "ada@example.com")
                            .put("first_name", "Ada")
                            .put("source", "web_form")))
            .bodyAsJsonObject()
            .getString("workflow_id");
    eventually(Duration.ofSeconds(10), () -> "waiting".equals(runStatus(runId)));

    browser.go("#/runs");
    browser.awaitHeading("Workflow runs");
    browser.await(By.id("runs-workflow")).sendKeys("console_demo");
    new org.openqa.selenium.support.ui.Select(browser.await(By.id("runs-status")))
        .selectByValue("waiting");
    browser.await(By.id("runs-workflow")).sendKeys(Keys.ENTER);
    browser.awaitText(By.id("run-list"), runId);
    assertThat(browser.driver().getCurrentUrl()).contains("workflow=console_demo");
    browser.screenshot("runs");

    browser.await(By.linkText(runId)).click();
    browser.awaitHeading("Run " + runId);
    browser.awaitText(By.id("run-timeline"), "Wakes at");
    assertThat(browser.await(By.cssSelector("[data-step=route]")).getText())
        .contains("Took the “then” branch");
    assertThat(browser.await(By.cssSelector("[data-step=pause]")).getText())
        .contains("waiting")
        .contains("Wakes at");
    browser.screenshot("run");

    browser.await(By.id("cancel-run")).click();
    browser.await(By.id("confirm-ok")).click();
    browser.awaitText(By.id("run-status"), "cancelled");
    assertThat(runStatus(runId)).isEqualTo("cancelled");
    browser.awaitGone(By.id("cancel-run"));
  }

  @Test
  @Order(7)
  void definitionsAreListedReadOnly() {
    browser.go("#/definitions");
    browser.awaitHeading("Workflow definitions");
    browser.awaitText(By.tagName("main"), "console_demo (version 1)");
    assertThat(browser.driver().findElements(By.cssSelector("main button"))).isEmpty();
    browser.screenshot("definitions");
  }

  @Test
  @Order(8)
  void aThousandDeadLettersArePagedAndEveryOneReDrivenByRetryAllMatching()
      throws InterruptedException {
    // -Dconsole.bulk.count=10000 for the documented larger run; 1,000 keeps verify short
    int count = Integer.getInteger("console.bulk.count", 1_000);
    int pages = Integer.getInteger("console.bulk.pages", 3);
    fixed.set(false);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(fragileTask("bulk failure " + i));
    }
    eventually(Duration.ofSeconds(300), () -> deadCount() == count);
    browser.go("#/queues");
    browser.go("#/dead-letters");
    browser.awaitText(By.cssSelector("#dead-letter-table caption"), "Page 1: 50 dead letter(s)");
    List<Long> pageMs = new ArrayList<>();
    for (int page = 2; page <= pages; page++) {
      long before = System.nanoTime();
      browser.await(By.id("older")).click();
      browser.awaitText(
          By.cssSelector("#dead-letter-table caption"), "Page " + page + ": 50 dead letter(s)");
      pageMs.add((System.nanoTime() - before) / 1_000_000);
    }
    fixed.set(true);
    filter("fragile", "bulk failure");
    long clicked = System.nanoTime();
    browser.await(By.id("retry-all")).click();
    browser.await(By.id("confirm-ok")).click();
    browser.awaitText(By.id("dl-outcome"), "Re-drove " + count + " of " + count + " matching");
    long answered = System.nanoTime();
    String outcome = browser.await(By.id("dl-outcome")).getText();
    eventually(
        Duration.ofSeconds(300), () -> ids.stream().allMatch(id -> "succeeded".equals(state(id))));
    long succeeded = System.nanoTime();
    System.out.printf(
        "console bulk re-drive: %d dead letters; pages 2..%d of 50 each opened in %s ms;"
            + " \"Retry all matching\" pressed: %s; click to answer %d ms,"
            + " click to all %d succeeded %d ms%n",
        count,
        pages,
        pageMs,
        outcome,
        (answered - clicked) / 1_000_000,
        count,
        (succeeded - clicked) / 1_000_000);
    assertThat(deadCount()).isZero();

    // the queues page after it: the chart's last minutes show the 1,000 enqueued and finished
    browser.go("#/queues");
    browser.awaitText(By.id("queue-figures"), "default");
    browser.awaitPresent(By.cssSelector("#history-table table"));
    browser.screenshot("queues");
  }

  @Test
  @Order(9)
  void noPageLoggedASevereMessageOrACspViolation() {
    String policy =
        api.anonymous(io.vertx.core.http.HttpMethod.GET, "/console")
            .getHeader("Content-Security-Policy");
    System.out.println("console Content-Security-Policy as served: " + policy);
    assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe");
    String severe = browser.severe();
    System.out.printf(
        "browser console: %d entries, severe: %s%n",
        browser.log().size(), severe.isEmpty() ? "none" : severe.replace("\n", " | "));
    assertThat(severe).doesNotContain("Content Security Policy").doesNotContain("Refused to");
    // the one expected severe entry: the refused sign-in's 401
    assertThat(severe.lines().filter(line -> !line.contains("/api/auth/login")).toList())
        .as("severe browser-console messages")
        .isEmpty();
  }

  private String fragileTask(String error) {
    return api.postJson(
            "/api/tasks",
            new JsonObject()
                .put("type", "fragile")
                .put("max_attempts", 1)
                .put("payload", new JsonObject().put("error", error)))
        .bodyAsJsonObject()
        .getString("task_id");
  }

  private void filter(String type, String errorContains) {
    WebElement typeInput = browser.await(By.id("dl-type"));
    typeInput.clear();
    typeInput.sendKeys(type);
    WebElement error = browser.await(By.id("dl-error"));
    error.clear();
    error.sendKeys(errorContains, Keys.ENTER);
  }

  private List<WebElement> rows() {
    return browser
        .driver()
        .findElements(By.cssSelector("#dead-letter-table tbody tr[data-task-id]"));
  }

  private WebElement row(String taskId) {
    return browser.await(By.cssSelector("tr[data-task-id='" + taskId + "']"));
  }

  private String state(String taskId) {
    return api.get("/api/tasks/" + taskId).bodyAsJsonObject().getString("state");
  }

  private String runStatus(String runId) {
    return api.get("/api/workflows/" + runId + "/status").bodyAsJsonObject().getString("status");
  }

  private List<String> deadLetterIds() {
    JsonArray items =
        api.get("/api/admin/dead-letters?limit=500").bodyAsJsonObject().getJsonArray("items");
    List<String> ids = new ArrayList<>();
    items.forEach(item -> ids.add(((JsonObject) item).getString("task_id")));
    return ids;
  }

  private long deadCount() {
    return api.get("/api/admin/queues")
        .bodyAsJsonObject()
        .getJsonArray("items")
        .getJsonObject(0)
        .getLong("dead");
  }
}
