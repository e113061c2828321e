package io.saferedisqueue.core;

import static org.awaitility.Awaitility.await;

import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.io.IOException;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A primary redis-server with one replica ({@code --replicaof}), a connection factory on the
 * primary and inspectors on both. The replica can be frozen with SIGSTOP (it then neither applies
 * nor acknowledges writes, as a replica stuck in a long pause would) and thawed with SIGCONT.
 */
final class PrimaryWithReplica implements AutoCloseable {

  final LocalRedisServer primary;
  final LocalRedisServer replica;
  final LettuceConnectionFactory connectionFactory;
  final RedisInspector onPrimary;
  final RedisInspector onReplica;
  private final String replicaPid;
  private boolean frozen;

  PrimaryWithReplica() {
    primary = LocalRedisServer.builder().build().start();
    replica =
        LocalRedisServer.builder()
            .args("--replicaof", primary.host(), String.valueOf(primary.port()))
            .build()
            .start();
    onPrimary = RedisInspector.connect(primary.url());
    onReplica = RedisInspector.connect(replica.url());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "up".equals(onReplica.info("replication").getProperty("master_link_status"))
                    && "1".equals(onPrimary.info("replication").getProperty("connected_slaves")));
    replicaPid = onReplica.info("server").getProperty("process_id");
    connectionFactory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(primary.host(), primary.port()));
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  /** SIGSTOP to the replica: it stays connected but answers nothing until {@link #thaw}. */
  synchronized void freezeReplica() {
    signal("-STOP");
    frozen = true;
  }

  synchronized void thawReplica() {
    if (frozen) {
      signal("-CONT");
      frozen = false;
    }
  }

  private void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", signal, replicaPid).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill " + signal + " " + replicaPid + " exited " + exit);
      }
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot run kill " + signal + " " + replicaPid, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling the replica", ex);
    }
  }

  @Override
  public void close() {
    thawReplica();
    connectionFactory.destroy();
    onPrimary.close();
    onReplica.close();
    replica.close();
    primary.close();
  }
}
