package io.saferedisqueue.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests, from Debian's packages {@code chromium} and {@code
 * chromium-driver} at their fixed paths (or those named by {@code -Dchromium.binary} and {@code
 * -Dchromium.driver}). Both paths are given to Selenium, so its Selenium Manager never looks for or
 * downloads a browser or a driver. A machine without them fails the test, saying what to install;
 * it is never skipped.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  static ChromeDriver start() {
    Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    Path driver = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(binary) || !Files.isExecutable(driver)) {
      throw new AssertionError(
          "The dashboard's browser tests need Chromium and chromedriver, looked for at "
              + binary
              + " and "
              + driver
              + ": install them with `apt-get update && apt-get install -y chromium"
              + " chromium-driver` (Debian; .ci/run does this when they are missing), or name"
              + " others with -Dchromium.binary=... and -Dchromium.driver=...");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.toFile());
    options.addArguments(
        "--headless=new",
        // Root in a container has no user namespace for Chromium's sandbox.
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1100",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    return new ChromeDriver(service, options);
  }
}
