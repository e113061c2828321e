package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes of a transaction-aware queue follow a real Spring transaction
 * (DataSourceTransactionManager on an embedded H2 database): sent after commit, dropped on
 * rollback, at once without one.
 */
@ExtendWith(RedisTestExtension.class)
class TransactionAwarePushIntegrationTests {

  private final RedisTestServer redis;
  private SafeRedisQueue queue;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;

  TransactionAwarePushIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void setUp() {
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + QueueTestSupport.uniqueName("tx") + ";DB_CLOSE_DELAY=-1", "sa", "");
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("create table orders (id varchar(40) primary key)");
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    queue =
        SafeRedisQueue.builder(redis.url())
            .name(QueueTestSupport.uniqueName("tx"))
            .transactionAware(true)
            .build();
  }

  @AfterEach
  void tearDown() {
    queue.close();
  }

  @Test
  void aPushInsideATransactionIsSentOnlyAfterTheCommit() {
    String uid =
        transactions.execute(
            status -> {
              jdbc.update("insert into orders values ('A-1')");
              String pushed = queue.push("order A-1");
              // Inside the transaction nothing is in Redis yet.
              assertThat(queue.admin().sizes().waiting()).isZero();
              return pushed;
            });
    assertThat(jdbc.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(1);
    SafeRedisQueueItem item = queue.tryPop().orElseThrow();
    assertThat(item.uid()).isEqualTo(uid);
    assertThat(item.payloadAsString()).isEqualTo("order A-1");
  }

  @Test
  void aRolledBackTransactionPushesNothing() {
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      jdbc.update("insert into orders values ('B-1')");
                      queue.push("order B-1");
                      queue.pushAll(List.of("x".getBytes(), "y".getBytes()));
                      queue.push("later", Duration.ofMillis(1));
                      throw new IllegalStateException("rolled back on purpose");
                    }))
        .hasMessage("rolled back on purpose");
    assertThat(jdbc.queryForObject("select count(*) from orders", Integer.class)).isZero();
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 0));
  }

  @Test
  void anAsyncPushCompletesAfterTheCommitOrFailsOnRollback() throws Exception {
    CompletableFuture<String> committed =
        transactions.execute(
            status -> {
              CompletableFuture<String> future = queue.pushAsync("async");
              assertThat(future).isNotDone();
              return future;
            });
    String uid = committed.get(10, TimeUnit.SECONDS);
    assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);

    CompletableFuture<String>[] rolledBack = new CompletableFuture[1];
    transactions.executeWithoutResult(
        status -> {
          rolledBack[0] = queue.pushAsync("never");
          status.setRollbackOnly();
        });
    assertThatThrownBy(() -> rolledBack[0].get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SafeRedisQueueException.class)
        .hasMessageContaining("did not commit; the item was not pushed");
    assertThat(queue.admin().sizes().waiting()).isZero();
  }

  @Test
  void withoutATransactionAPushIsSentAtOnce() {
    String uid = queue.push("now");
    assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
  }

  @Test
  void aQueueThatIsNotTransactionAwareSendsInsideATransactionAtOnce() {
    try (SafeRedisQueue plain =
        SafeRedisQueue.builder(redis.url()).name(QueueTestSupport.uniqueName("plain")).build()) {
      transactions.executeWithoutResult(
          status -> {
            plain.push("at once");
            assertThat(plain.admin().sizes().waiting()).isEqualTo(1);
            status.setRollbackOnly();
          });
      assertThat(plain.admin().sizes().waiting()).isEqualTo(1);
    }
  }
}
