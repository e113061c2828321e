package io.saferedisqueue.core;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Plays the Python library's exact command sequence (shared/docs/wire-format.md) on a raw Lettuce
 * connection, as a Python producer or consumer sharing the queue would: MULTI/EXEC transactions for
 * put, ack and fail, RPOPLPUSH/BRPOPLPUSH plus HGET for get, and the non-atomic, lock-guarded
 * autoclean before each get.
 */
final class PythonProtocolClient implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisCommands<byte[], byte[]> redis;
  private final byte[] items;
  private final byte[] queue;
  private final byte[] ackbuf;
  private final byte[] backup;
  private final byte[] backupLock;
  private final @Nullable Long autocleanSeconds;

  PythonProtocolClient(String url, String name, @Nullable Long autocleanSeconds) {
    this.client = RedisClient.create(url);
    this.connection = client.connect(ByteArrayCodec.INSTANCE);
    this.redis = connection.sync();
    String prefix = "srq:" + name;
    this.items = bytes(prefix + ":items");
    this.queue = bytes(prefix + ":queue");
    this.ackbuf = bytes(prefix + ":ackbuf");
    this.backup = bytes(prefix + ":backup");
    this.backupLock = bytes(prefix + ":backuplock");
    this.autocleanSeconds = autocleanSeconds;
  }

  String put(String payload) {
    String uid = UUID.randomUUID().toString();
    redis.multi();
    redis.hset(items, bytes(uid), bytes(payload));
    redis.lpush(queue, bytes(uid));
    redis.exec();
    return uid;
  }

  /** Returns {uid, payload}, or null when nothing came. */
  String @Nullable [] get(long timeoutSeconds) {
    autoclean();
    byte[] uid =
        timeoutSeconds < 0
            ? redis.rpoplpush(queue, ackbuf)
            : redis.brpoplpush(timeoutSeconds, queue, ackbuf);
    if (uid == null) {
      return null;
    }
    byte[] payload = redis.hget(items, uid);
    return new String[] {text(uid), payload == null ? null : text(payload)};
  }

  void ack(String uid) {
    redis.multi();
    redis.lrem(ackbuf, 0, bytes(uid));
    redis.lrem(backup, 0, bytes(uid));
    redis.hdel(items, bytes(uid));
    redis.exec();
  }

  void fail(String uid) {
    redis.multi();
    redis.lrem(ackbuf, 0, bytes(uid));
    redis.lrem(backup, 0, bytes(uid));
    redis.lpush(queue, bytes(uid));
    redis.exec();
  }

  private void autoclean() {
    if (autocleanSeconds == null) {
      return;
    }
    if (redis.exists(backupLock) > 0) {
      return;
    }
    if (redis.exists(backup) > 0) {
      if (Boolean.TRUE.equals(redis.setnx(backupLock, bytes("1")))) {
        while (redis.rpoplpush(backup, queue) != null) {
          // move every backup uid back into the queue
        }
        if (redis.exists(ackbuf) > 0) {
          redis.rename(ackbuf, backup);
        }
        redis.expire(backupLock, autocleanSeconds);
      }
    } else {
      boolean hasAckbuf = redis.exists(ackbuf) > 0;
      redis.multi();
      redis.setex(backupLock, autocleanSeconds, bytes("1"));
      if (hasAckbuf) {
        redis.renamenx(ackbuf, backup);
      }
      redis.exec();
    }
  }

  RedisCommands<byte[], byte[]> commands() {
    return redis;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
