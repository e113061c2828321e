package io.saferedisqueue.sample;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.annotation.SafeQueueUid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/** Consumes the text items of the queue {@code greetings}. Returning normally acks the item. */
@Component
class GreetingListener {

  private static final Log logger = LogFactory.getLog(GreetingListener.class);

  private final List<String> received = new CopyOnWriteArrayList<>();

  @SafeQueueListener(queue = "greetings")
  void onGreeting(String text, @SafeQueueUid String uid) {
    received.add(text);
    logger.info("Greeting " + uid + ": " + text);
  }

  /** The greetings handled so far. */
  List<String> received() {
    return List.copyOf(received);
  }
}
