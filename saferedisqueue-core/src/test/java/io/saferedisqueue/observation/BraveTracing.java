package io.saferedisqueue.observation;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Brave with W3C propagation behind Micrometer Tracing, as Spring Boot sets it up, with the
 * finished spans collected in memory.
 */
final class BraveTracing implements AutoCloseable {

  final List<MutableSpan> spans = new CopyOnWriteArrayList<>();
  final Tracing tracing;
  final BraveTracer tracer;
  final ObservationRegistry observationRegistry = ObservationRegistry.create();

  BraveTracing() {
    tracing =
        Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
            .propagationFactory(new W3CPropagation())
            .traceId128Bit(true)
            .sampler(Sampler.ALWAYS_SAMPLE)
            .addSpanHandler(
                new SpanHandler() {
                  @Override
                  public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                  }
                })
            .build();
    tracer =
        new BraveTracer(
            tracing.tracer(),
            new BraveCurrentTraceContext(tracing.currentTraceContext()),
            new BraveBaggageManager());
    BravePropagator propagator = new BravePropagator(tracing);
    observationRegistry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
  }

  List<MutableSpan> spansNamed(String name) {
    return spans.stream().filter(span -> name.equals(span.name())).toList();
  }

  @Override
  public void close() {
    tracing.close();
  }
}
