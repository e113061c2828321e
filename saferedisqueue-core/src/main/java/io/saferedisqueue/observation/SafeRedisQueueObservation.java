package io.saferedisqueue.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of saferedisqueue: {@link #PUSH} around each push and {@link #LISTENER} around
 * each listener invocation. Their names and keys are those of the default conventions.
 */
public enum SafeRedisQueueObservation implements ObservationDocumentation {

  /**
   * A push or pushAll of items (producer side), named {@value
   * DefaultSafeRedisQueuePushObservationConvention#NAME}; its span's context goes with the items.
   */
  PUSH {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultSafeRedisQueuePushObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return PushLowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return PushHighCardinalityKeyNames.values();
    }
  },

  /**
   * One invocation of a listener with one item (consumer side), named {@value
   * DefaultSafeQueueListenerObservationConvention#NAME}; it continues the trace of the push.
   */
  LISTENER {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultSafeQueueListenerObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return ListenerLowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return ListenerHighCardinalityKeyNames.values();
    }
  };

  /** Low-cardinality keys (tags of meters) of {@link #PUSH}. */
  public enum PushLowCardinalityKeyNames implements KeyName {
    /** Name of the queue. */
    QUEUE {
      @Override
      public String asString() {
        return "queue";
      }
    }
  }

  /** High-cardinality keys (span attributes only) of {@link #PUSH}. */
  public enum PushHighCardinalityKeyNames implements KeyName {
    /** Number of items pushed in one call. */
    ITEM_COUNT {
      @Override
      public String asString() {
        return "saferedisqueue.item.count";
      }
    }
  }

  /** Low-cardinality keys (tags of meters) of {@link #LISTENER}. */
  public enum ListenerLowCardinalityKeyNames implements KeyName {
    /** Name of the queue. */
    QUEUE {
      @Override
      public String asString() {
        return "queue";
      }
    },
    /** Id of the listener. */
    LISTENER_ID {
      @Override
      public String asString() {
        return "listener.id";
      }
    },
    /** {@code success} when the listener returned, {@code failure} when it threw. */
    RESULT {
      @Override
      public String asString() {
        return "result";
      }
    },
    /** Simple class name of what the listener threw, {@code none} when it returned. */
    EXCEPTION {
      @Override
      public String asString() {
        return "exception";
      }
    }
  }

  /** High-cardinality keys (span attributes only) of {@link #LISTENER}. */
  public enum ListenerHighCardinalityKeyNames implements KeyName {
    /** Uid of the item. */
    ITEM_UID {
      @Override
      public String asString() {
        return "saferedisqueue.item.uid";
      }
    },
    /** Delivery number of the item (1 on the first delivery). */
    DELIVERIES {
      @Override
      public String asString() {
        return "saferedisqueue.item.deliveries";
      }
    }
  }
}
