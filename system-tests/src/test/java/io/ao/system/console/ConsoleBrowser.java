package io.ao.system.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven headless through its chromedriver: one browser for a whole test class,
 * its console log kept so a test can require no severe message (a CSP violation is one).
 */
final class ConsoleBrowser implements AutoCloseable {

  // Debian's packages; elsewhere -Dconsole.chromium= and -Dconsole.chromedriver= point at them
  static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final String base;
  private final Path screenshots;
  private final List<LogEntry> log = new java.util.ArrayList<>();

  ConsoleBrowser(String base, Path screenshots) {
    this.base = base;
    this.screenshots = screenshots;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--no-first-run",
        "--disable-extensions");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  /** Both binaries present: the one condition these tests run under. */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String hash) {
    driver.get(base + "/console" + hash);
  }

  /** Changes the route the way a link would (the page, and its in-memory token, stay). */
  void go(String hash) {
    driver.executeScript("location.hash = arguments[0]", hash);
  }

  WebElement await(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(20))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Present in the page, shown or not (e.g. inside a closed details element). */
  WebElement awaitPresent(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(20))
        .until(ExpectedConditions.presenceOfElementLocated(by));
  }

  void awaitText(By by, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  void awaitGone(By by) {
    new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(20))
        .until(ExpectedConditions.invisibilityOfElementLocated(by));
  }

  void awaitHeading(String text) {
    awaitText(By.cssSelector("main h1"), text);
  }

  String focusedId() {
    return (String)
        driver.executeScript("return document.activeElement && document.activeElement.id");
  }

  String focusedText() {
    return (String)
        driver.executeScript("return document.activeElement && document.activeElement.textContent");
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(screenshots);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(),
          screenshots.resolve(name + ".png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every browser-console entry so far (the driver hands each out once; kept here). */
  List<LogEntry> log() {
    driver.manage().logs().get(LogType.BROWSER).forEach(log::add);
    return List.copyOf(log);
  }

  String severe() {
    return log().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
