package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard of the sample app in headless Chromium, on a real Redis: the overview shows the
 * demo's queues and listeners, a listener is paused and resumed and a dead letter requeued by
 * clicking, and a payload with markup in it is shown as text and never runs.
 */
@ExtendWith(RedisTestExtension.class)
class SampleDashboardIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Markup that would set the flag if the page ever interpreted a payload as HTML. */
  private static final String MARKUP =
      "<script>window.__srqInjected = 1</script><img src=x onerror=\"window.__srqInjected = 2\">";

  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void operatorsSeeTheQueuesPauseAListenerAndRequeueADeadLetter(RedisTestServer redis)
      throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run(
                "--spring.data.redis.url=" + redis.url(),
                "--server.port=0",
                "--sample.demo-producer.count=3",
                "--saferedisqueue.dashboard.sample-interval=500ms")) {
      String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      OrderListener orders = context.getBean(OrderListener.class);
      await().atMost(PATIENCE).until(() -> orders.processed().size() == 3);
      SafeQueueListenerEndpointRegistry registry =
          context.getBean(SafeQueueListenerEndpointRegistry.class);
      String orderListener = listenerOf(registry, "orders");

      // Dead letters in a queue of the application that no listener consumes.
      SafeRedisQueue inbox = context.getBean(SafeRedisQueueFactory.class).getQueue("inbox");
      inbox.push("requeue me");
      inbox.push(MARKUP);
      String plain = inbox.tryPop().orElseThrow().uid();
      String marked = inbox.tryPop().orElseThrow().uid();
      inbox.deadLetter(plain, "IllegalStateException: simulated");
      inbox.deadLetter(marked, "<b>not bold</b>");

      browser.get(base + "/saferedisqueue");
      WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
      wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class);

      // The overview: the demo's queues, the queue with dead letters, the listeners.
      for (String queue : List.of("orders", "greetings", "inbox")) {
        wait.until(d -> d.findElement(By.cssSelector("#queues tr[data-queue='" + queue + "']")));
      }
      wait.until(
          d ->
              d.findElement(By.cssSelector("#queues tr[data-queue='inbox'] [data-field='dead']"))
                  .getText()
                  .equals("2"));
      wait.until(d -> d.findElement(By.cssSelector("#charts [data-queue='orders'] svg")));
      assertThat(browser.findElements(By.cssSelector("#listeners tr[data-listener]")))
          .hasSizeGreaterThanOrEqualTo(2);
      // The default queue "0", which the demo never uses, is not listed.
      assertThat(browser.findElements(By.cssSelector("#queues tr[data-queue='0']"))).isEmpty();
      saveScreenshot("dashboard-overview.png");

      // Pause and resume the order listener.
      String row = "#listeners tr[data-listener='" + orderListener + "']";
      click(wait, By.cssSelector(row + " button[data-action='pause']"));
      wait.until(
          d ->
              d.findElement(By.cssSelector(row + " [data-field='state']"))
                  .getText()
                  .equals("paused"));
      assertThat(container(registry, orderListener).isPaused()).isTrue();
      click(wait, By.cssSelector(row + " button[data-action='resume']"));
      wait.until(
          d ->
              d.findElement(By.cssSelector(row + " [data-field='state']"))
                  .getText()
                  .equals("running"));
      assertThat(container(registry, orderListener).isPaused()).isFalse();

      // The queue's page: the markup is text, and nothing of it ran.
      click(wait, By.cssSelector("#queues a[data-queue-link='inbox']"));
      By markedPayload = By.cssSelector("#dead tr[data-uid='" + marked + "'] pre.payload");
      wait.until(d -> d.findElement(markedPayload).getText().equals(MARKUP));
      assertThat(browser.findElement(By.cssSelector("#queue-title .settings")).getText())
          .startsWith("queue: no delivery limit");
      assertThat(
              browser
                  .findElement(By.cssSelector("#dead tr[data-uid='" + marked + "'] pre.reason"))
                  .getText())
          .isEqualTo("<b>not bold</b>");
      assertThat(browser.findElements(By.cssSelector("#dead img, #dead script, #dead b")))
          .isEmpty();
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__srqInjected"))
          .isNull();

      // Requeue one dead letter by clicking.
      click(
          wait, By.cssSelector("#dead tr[data-uid='" + plain + "'] button[data-action='requeue']"));
      wait.until(
          d -> d.findElements(By.cssSelector("#dead tr[data-uid='" + plain + "']")).isEmpty());
      assertThat(inbox.deadLetters().count()).isEqualTo(1);
      assertThat(inbox.admin().sizes().waiting()).isEqualTo(1);
      wait.until(d -> d.findElement(By.id("toast")).getText().contains("Requeued " + plain));
      wait.until(
          d ->
              d.findElement(By.cssSelector("#queue-title [data-tile='Waiting']"))
                  .getText()
                  .equals("1"));
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__srqInjected"))
          .isNull();
    }
  }

  private static String listenerOf(SafeQueueListenerEndpointRegistry registry, String queue) {
    return registry.getListenerContainers().stream()
        .filter(container -> container.getQueueName().equals(queue))
        .map(SafeQueueListenerContainer::getListenerId)
        .findFirst()
        .orElseThrow();
  }

  private static SafeQueueListenerContainer container(
      SafeQueueListenerEndpointRegistry registry, String id) {
    SafeQueueListenerContainer container = registry.getListenerContainer(id);
    assertThat(container).as("listener %s", id).isNotNull();
    return container;
  }

  /**
   * Clicks once the element is there and clickable (the page re-renders what changed), scrolled to
   * the middle of the window so the sticky header does not cover it.
   */
  private static void click(WebDriverWait wait, By by) {
    wait.ignoring(ElementClickInterceptedException.class)
        .until(
            (Function<WebDriver, Boolean>)
                driver -> {
                  WebElement element = driver.findElement(by);
                  ((JavascriptExecutor) driver)
                      .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
                  element.click();
                  return true;
                });
  }

  private static void saveScreenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
  }
}
