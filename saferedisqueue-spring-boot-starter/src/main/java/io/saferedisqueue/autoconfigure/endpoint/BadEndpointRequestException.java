package io.saferedisqueue.autoconfigure.endpoint;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A request to the {@code saferedisqueue} endpoint that names something it does not know (a queue,
 * a listener, an action or a kind), with a message that names what it does know. The message is
 * also the reason, and {@link BadEndpointRequestResolver} writes it into the HTTP answer: Actuator
 * turns the reason into a 400 whose body Spring Boot's error page leaves without a message unless
 * {@code server.error.include-message} says otherwise.
 */
final class BadEndpointRequestException extends InvalidEndpointRequestException {

  BadEndpointRequestException(String message) {
    super(message, message);
  }
}
