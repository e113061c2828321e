/**
 * Internal: the roles behind the queue's facade, not API. They may change in any release without
 * notice; applications use {@link io.saferedisqueue.core.SafeRedisQueue} and the other types of
 * {@code io.saferedisqueue.core}, as Spring's {@code support} packages sit beside the API they
 * implement.
 *
 * <p>{@link io.saferedisqueue.core.support.QueueProducer} pushes (with the {@code PushCombiner}
 * that sends concurrent pushes together, and {@code AfterCommit} for transaction-aware pushes),
 * {@link io.saferedisqueue.core.support.QueueConsumer} pops, {@link
 * io.saferedisqueue.core.support.InFlightItems} acks, fails, renews and dead-letters the items in
 * flight, and {@link io.saferedisqueue.core.support.HandOff} moves an item on to a next queue. The
 * facade's package wires them ({@code QueueRoles}) and gives them its observations through {@link
 * io.saferedisqueue.core.support.PushObserver}.
 *
 * <p>This package refers to the scripts, the transport and the value types and exceptions of {@code
 * io.saferedisqueue.core}, never to the facade, the builder or the admin views, nor to the
 * listener, configuration or observation packages.
 */
@NullMarked
package io.saferedisqueue.core.support;

import org.jspecify.annotations.NullMarked;
