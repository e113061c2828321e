package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH micro-benchmarks of one call each: push, pushAll of 100, pop plus ack, fail, and the
 * autoclean script when its lock is held (the common case at every pop). The Redis url comes from
 * the system property {@code saferedisqueue.benchmark.url}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueMicroBenchmarks {

  static final String URL_PROPERTY = "saferedisqueue.benchmark.url";

  private SafeRedisQueue queue;
  private QueueCleanup cleanup;
  private byte[] payload;
  private List<byte[]> hundred;

  /** Opens a queue with a fresh name, and the connection that deletes its keys at the end. */
  @Setup(Level.Trial)
  public void open() {
    String url = System.getProperty(URL_PROPERTY, "redis://127.0.0.1:6379/0");
    cleanup = new QueueCleanup(url);
    queue =
        SafeRedisQueue.builder(url)
            .name("jmh-" + UUID.randomUUID())
            .autocleanInterval(Duration.ofSeconds(60))
            .build();
    payload = new byte[100];
    Arrays.fill(payload, (byte) 'x');
    hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(payload);
    }
    queue.admin().autoclean();
  }

  /** Deletes the queue's keys and closes it. */
  @TearDown(Level.Trial)
  public void close() {
    cleanup.deleteKeys(queue.name());
    queue.close();
    cleanup.close();
  }

  /** One push: one EVALSHA. */
  @Benchmark
  public String push() {
    return queue.push(payload);
  }

  /** One pushAll of 100 items: one EVALSHA. */
  @Benchmark
  public List<String> pushAll100() {
    return queue.pushAll(hundred);
  }

  /** 100 pushAsync calls, then waiting for all: the sender thread combines them. */
  @Benchmark
  public void pushAsync100() {
    CompletableFuture<?>[] futures = new CompletableFuture<?>[hundred.size()];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = queue.pushAsync(hundred.get(i));
    }
    CompletableFuture.allOf(futures).join();
  }

  /** A full cycle of one item: push, pop, ack. */
  @Benchmark
  public boolean pushPopAck() {
    queue.push(payload);
    SafeRedisQueueItem item = queue.tryPop().orElseThrow();
    return queue.ack(item.uid());
  }

  /** push, pop, fail, pop, ack: a requeue round. */
  @Benchmark
  public boolean pushPopFailPopAck() {
    queue.push(payload);
    SafeRedisQueueItem item = queue.tryPop().orElseThrow();
    queue.fail(item.uid());
    return queue.ack(queue.tryPop().orElseThrow().uid());
  }

  /** The autoclean script while its lock is held: what most pops pay. */
  @Benchmark
  public long autocleanLocked() {
    return queue.admin().rotate(Duration.ofSeconds(60));
  }
}
