package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.support.HandOff;
import io.saferedisqueue.core.support.InFlightItems;
import io.saferedisqueue.core.support.QueueConsumer;
import io.saferedisqueue.core.support.QueueProducer;
import java.util.Objects;

/**
 * The role objects behind one {@link SafeRedisQueue} facade, wired from its builder's settings:
 * they share the queue's keys, its {@link QueueRedis}, its metrics recorder and its observations.
 */
record QueueRoles(
    SafeRedisQueueAdmin admin,
    SafeRedisQueueDeadLetters deadLetters,
    QueueProducer producer,
    QueueConsumer consumer,
    InFlightItems inFlight,
    HandOff handOff) {

  static QueueRoles assemble(SafeRedisQueueBuilder builder, QueueRedis redis) {
    String name = builder.name;
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    SafeRedisQueueMetrics.Recorder recorder =
        Objects.requireNonNull(builder.metrics.recorder(name), "metrics recorder");
    QueueObservability observability =
        new QueueObservability(
            name, builder.observationRegistry, builder.pushConvention, builder.recordPushTime);
    SafeRedisQueueAdmin admin =
        new SafeRedisQueueAdmin(
            name,
            keys,
            redis,
            builder.autocleanInterval,
            observability,
            recorder,
            builder.stepBudget);
    return new QueueRoles(
        admin,
        new QueueDeadLetters(keys, redis, builder.stepBudget),
        new QueueProducer(
            name,
            redis,
            keys,
            observability,
            recorder,
            builder.maxPendingPushes,
            builder.transactionAware,
            builder.maxPayloadSize.toBytes()),
        new QueueConsumer(
            redis,
            keys,
            builder.maxDeliveries,
            builder.autocleanInterval,
            admin::autoclean,
            recorder),
        new InFlightItems(redis, keys, recorder),
        new HandOff(name, redis, keys, recorder));
  }
}
