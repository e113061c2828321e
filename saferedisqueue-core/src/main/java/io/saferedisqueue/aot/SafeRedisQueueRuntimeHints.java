package io.saferedisqueue.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The queue's Lua scripts are class path resources ({@code io/saferedisqueue/core/scripts/*.lua})
 * read when the queue classes load; a native image must include them. Registered in {@code
 * META-INF/spring/aot.factories}.
 */
public class SafeRedisQueueRuntimeHints implements RuntimeHintsRegistrar {

  /** The pattern of the scripts' resources. */
  public static final String SCRIPTS = "io/saferedisqueue/core/scripts/*.lua";

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    hints.resources().registerPattern(SCRIPTS);
  }
}
