package io.saferedisqueue.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.redis.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The combiner's close, with a sender that blocks the way a script to an unreachable Redis does:
 * which pushes fail with which error no longer depends on how fast the sender thread starts.
 */
class PushCombinerTests {

  private static final RuntimeException NOT_SENT = new RuntimeException("not sent");
  private static final RuntimeException MAYBE_SENT = new RuntimeException("maybe sent");

  @Test
  void closeFailsTheQueuedPushesAsNotSentAndTheScriptUnderWayWithItsOwnError() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    List<Integer> scriptSizes = new ArrayList<>();
    PushCombiner combiner =
        new PushCombiner(
            (headers, uidsAndPayloads) -> {
              scriptSizes.add(uidsAndPayloads.length / 2);
              sending.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException ex) {
                throw new IllegalStateException("script interrupted");
              }
            },
            "test-sender",
            100);
    CompletableFuture<Void> inFlight = push(combiner, "in-flight");
    // The sender is inside its script, so its batch is taken: later pushes wait behind it.
    assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Void>> stranded = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      stranded.add(push(combiner, "stranded-" + i));
    }

    combiner.close(100, TimeUnit.MILLISECONDS, NOT_SENT, MAYBE_SENT);

    assertThat(scriptSizes).containsExactly(1);
    // Its script ended with its own error, or close got there first: either way it is finished.
    Throwable inFlightCause = causeOf(inFlight);
    if (inFlightCause != MAYBE_SENT) {
      assertThat(inFlightCause).hasMessage("script interrupted");
    }
    for (CompletableFuture<Void> future : stranded) {
      assertThat(causeOf(future)).isSameAs(NOT_SENT);
    }
  }

  @Test
  void closeFinishesTheScriptUnderWayEvenWhenItIgnoresTheInterrupt() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PushCombiner combiner =
        new PushCombiner(
            (headers, uidsAndPayloads) -> {
              sending.countDown();
              boolean released = false;
              while (!released) {
                try {
                  released = release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                  // A client that does not stop for an interrupt.
                }
              }
            },
            "test-sender",
            100);
    CompletableFuture<Void> inFlight = push(combiner, "in-flight");
    assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();

    combiner.close(100, TimeUnit.MILLISECONDS, NOT_SENT, MAYBE_SENT);

    // Finished when close returns, although the script is still under way.
    assertThat(causeOf(inFlight)).isSameAs(MAYBE_SENT);
    release.countDown();
  }

  private static CompletableFuture<Void> push(PushCombiner combiner, String payload)
      throws InterruptedException {
    return combiner.pushAsync(new byte[0], Codec.bytes(payload), Codec.bytes(payload));
  }

  private static Throwable causeOf(CompletableFuture<Void> future) {
    assertThat(future).isDone();
    try {
      future.get(0, TimeUnit.SECONDS);
      throw new AssertionError("completed normally");
    } catch (ExecutionException ex) {
      return ex.getCause();
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }
}
