package io.saferedisqueue.dashboard;

import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.DeadLetterAction;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.DeadLettersChanged;
import io.saferedisqueue.autoconfigure.control.UnknownTargetException;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueAdmin;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueuePage;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.dashboard.DashboardViews.ActionResult;
import io.saferedisqueue.dashboard.DashboardViews.DeadLetterRow;
import io.saferedisqueue.dashboard.DashboardViews.DelayedRow;
import io.saferedisqueue.dashboard.DashboardViews.InFlightRow;
import io.saferedisqueue.dashboard.DashboardViews.ListenerView;
import io.saferedisqueue.dashboard.DashboardViews.LogicalQueueView;
import io.saferedisqueue.dashboard.DashboardViews.Overview;
import io.saferedisqueue.dashboard.DashboardViews.Page;
import io.saferedisqueue.dashboard.DashboardViews.QueueDetails;
import io.saferedisqueue.dashboard.DashboardViews.QueueView;
import io.saferedisqueue.dashboard.DashboardViews.Uids;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard's JSON endpoints under {@code <path>/api}. The overview comes from the sampler's
 * last samples (no Redis round trip per viewer); a queue's page and its lists are read when asked,
 * each list one bounded page in one script. Writes are POST, need the header {@value #WRITE_HEADER}
 * (a page of another site cannot send it without a CORS preflight, which the dashboard does not
 * answer) and are refused (403, nothing changed) when {@link DashboardWriteAccess} says no: while
 * the dashboard is read-only, and with Spring Security for users without the write role; with
 * Spring Security they need its CSRF token as well.
 */
final class DashboardApi {

  /** Header every write request carries; the dashboard's page sends it. */
  static final String WRITE_HEADER = "X-SafeRedisQueue-Dashboard";

  /** Most items of one list page, and the default. */
  static final int MAX_PAGE = 100;

  /** Payload bytes shown per item. */
  static final int PREVIEW_BYTES = 256;

  private static final Log logger = LogFactory.getLog(DashboardApi.class);

  private final DashboardSampler sampler;
  private final ObjectProvider<SafeQueueListenerEndpointRegistry> listenerRegistry;
  private final DashboardWriteAccess access;

  DashboardApi(
      DashboardSampler sampler,
      ObjectProvider<SafeQueueListenerEndpointRegistry> listenerRegistry,
      DashboardWriteAccess access) {
    this.sampler = sampler;
    this.listenerRegistry = listenerRegistry;
    this.access = access;
  }

  // ---------------------------------------------------------------- reads

  ServerResponse overview(ServerRequest request) {
    return respond(
        () -> {
          long since = longParam(request, "since", -1);
          List<QueueView> queues = new ArrayList<>();
          Map<String, List<List<@Nullable Object>>> history = new LinkedHashMap<>();
          for (QueueHistory queue : sampler.queues()) {
            queues.add(view(queue));
            history.put(queue.name(), rows(queue, since));
          }
          Map<String, QueueView> byName = new LinkedHashMap<>();
          queues.forEach(view -> byName.put(view.name(), view));
          List<LogicalQueueView> logicalViews = new ArrayList<>();
          for (SafeRedisQueueOperations logical : sampler.logicalQueues()) {
            List<String> names = logical.parts().stream().map(SafeRedisQueue::name).toList();
            logicalViews.add(LogicalQueueView.of(logical.name(), names, byName));
          }
          String redis =
              sampler.applicationQueues().values().stream()
                  .findFirst()
                  .map(SafeRedisQueue::endpoint)
                  .orElse(null);
          return new Overview(
              !access.allows(request),
              redis,
              sampler.interval().toMillis(),
              sampler.history().toMillis(),
              sampler.countsRates(),
              System.currentTimeMillis(),
              queues,
              logicalViews,
              listeners(null),
              history);
        });
  }

  ServerResponse queue(ServerRequest request) {
    return respond(
        () -> {
          String name = requiredParam(request, "name");
          SafeRedisQueue queue = sampler.applicationQueues().get(name);
          QueueHistory history = sampler.queue(name);
          SafeRedisQueueAdmin admin = admin(name, queue, history);
          // Read now, so the numbers match the lists below them.
          SafeRedisQueueStats stats = admin.stats();
          boolean readOnly = !access.allows(request);
          List<ListenerView> listeners = listeners(name);
          QueueView view =
              QueueView.of(
                  name, queue != null, stats, history == null ? null : history.latest(), null);
          return new QueueDetails(
              view,
              readOnly,
              !readOnly && queue != null,
              queue == null ? null : queue.settings().maxDeliveries(),
              queue == null
                  ? null
                  : DashboardViews.deliveryLimits(queue.settings().maxDeliveries(), listeners),
              queue == null
                  ? null
                  : queue.settings().autocleanInterval().map(Duration::toMillis).orElse(null),
              listeners,
              sampler.interval().toMillis(),
              sampler.history().toMillis(),
              sampler.countsRates(),
              history == null ? List.of() : rows(history, longParam(request, "since", -1)));
        });
  }

  ServerResponse deadLetters(ServerRequest request) {
    return page(
        request,
        (admin, offset, limit) -> admin.deadLetterPage(offset, limit, PREVIEW_BYTES),
        (page, dead) -> DeadLetterRow.of(dead));
  }

  ServerResponse inFlight(ServerRequest request) {
    return page(
        request,
        (admin, offset, limit) -> admin.inFlightPage(offset, limit, PREVIEW_BYTES),
        (page, item) -> InFlightRow.of(item, page.redisTime()));
  }

  ServerResponse delayed(ServerRequest request) {
    return page(
        request,
        (admin, offset, limit) -> admin.delayedPage(offset, limit, PREVIEW_BYTES),
        (page, item) -> DelayedRow.of(item, page.redisTime()));
  }

  @FunctionalInterface
  private interface PageRead<T> {
    SafeRedisQueuePage<T> read(SafeRedisQueueAdmin admin, long offset, int limit);
  }

  @FunctionalInterface
  private interface RowOf<T, R> {
    R row(SafeRedisQueuePage<T> page, T item);
  }

  private <T, R> ServerResponse page(ServerRequest request, PageRead<T> read, RowOf<T, R> rowOf) {
    return respond(
        () -> {
          String name = requiredParam(request, "name");
          SafeRedisQueueAdmin admin =
              admin(name, sampler.applicationQueues().get(name), sampler.queue(name));
          long offset = longParam(request, "offset", 0);
          long limit = longParam(request, "limit", MAX_PAGE);
          if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException(
                "offset must be >= 0 and limit 1.."
                    + MAX_PAGE
                    + ", were "
                    + offset
                    + " and "
                    + limit);
          }
          SafeRedisQueuePage<T> page = read.read(admin, offset, (int) limit);
          List<R> rows = new ArrayList<>(page.items().size());
          for (T item : page.items()) {
            rows.add(rowOf.row(page, item));
          }
          return new Page<>(
              offset, (int) limit, page.total(), page.redisTime().toEpochMilli(), rows);
        });
  }

  // ---------------------------------------------------------------- writes

  ServerResponse requeueDead(ServerRequest request) {
    return deadAction(request, "requeue", true, DeadLetterAction.REQUEUE);
  }

  ServerResponse requeueAllDead(ServerRequest request) {
    return deadAction(request, "requeue-all", false, DeadLetterAction.REQUEUE);
  }

  ServerResponse deleteDead(ServerRequest request) {
    return deadAction(request, "delete", true, DeadLetterAction.DELETE);
  }

  ServerResponse deleteAllDead(ServerRequest request) {
    return deadAction(request, "delete-all", false, DeadLetterAction.DELETE);
  }

  private ServerResponse deadAction(
      ServerRequest request, String action, boolean withUids, DeadLetterAction operation) {
    ServerResponse refused = refuseWrite(request);
    if (refused != null) {
      return refused;
    }
    return respond(
        () -> {
          String name = requiredParam(request, "name");
          SafeRedisQueue queue = sampler.applicationQueues().get(name);
          if (queue == null) {
            throw new UnknownTargetException(
                sampler.queue(name) == null
                    ? "No queue named '" + name + "' is known to the dashboard"
                    : "Queue '"
                        + name
                        + "' is not used by this application; the dashboard only shows it");
          }
          List<String> uids = List.of();
          if (withUids) {
            Uids body = request.body(Uids.class);
            List<String> given = body.uids();
            if (given == null || given.isEmpty()) {
              throw new IllegalArgumentException(
                  "The request body must be {\"uids\": [...]} with at least one uid");
            }
            uids = given;
          }
          DeadLettersChanged changed = control().deadLetters(queue, operation, uids);
          logger.info(
              "Dashboard: "
                  + action
                  + " of dead letters of queue '"
                  + name
                  + "'"
                  + (withUids ? " " + uids : "")
                  + ": "
                  + changed.count());
          return new ActionResult(name, action, changed.count(), changed.deadRemaining());
        });
  }

  ServerResponse pauseListener(ServerRequest request) {
    return listenerAction(request, true);
  }

  ServerResponse resumeListener(ServerRequest request) {
    return listenerAction(request, false);
  }

  private ServerResponse listenerAction(ServerRequest request, boolean pause) {
    ServerResponse refused = refuseWrite(request);
    if (refused != null) {
      return refused;
    }
    return respond(
        () -> {
          String id = requiredParam(request, "id");
          List<ListenerView> views =
              control().act(id, pause ? "pause" : "resume").stream().map(ListenerView::of).toList();
          return views.size() == 1 ? views.get(0) : views;
        });
  }

  /** The application's queues and listeners as the endpoint reads and changes them too. */
  private SafeRedisQueueControl control() {
    return new SafeRedisQueueControl(sampler.queueFactory(), listenerRegistry.getIfUnique());
  }

  private @Nullable ServerResponse refuseWrite(ServerRequest request) {
    String refusal = access.refusal(request);
    if (refusal != null) {
      return error(HttpStatus.FORBIDDEN, refusal);
    }
    if (request.headers().firstHeader(WRITE_HEADER) == null) {
      return error(
          HttpStatus.FORBIDDEN,
          "Write requests need the header "
              + WRITE_HEADER
              + " (the dashboard's page sends it), so that pages of other sites cannot send them");
    }
    return null;
  }

  // ---------------------------------------------------------------- helpers

  private SafeRedisQueueAdmin admin(
      String name, @Nullable SafeRedisQueue queue, @Nullable QueueHistory history) {
    if (queue != null) {
      return queue.admin();
    }
    if (history != null) {
      return history.admin();
    }
    throw new UnknownTargetException(
        "No queue named '"
            + name
            + "' is known to the dashboard; known: "
            + sampler.queues().stream().map(QueueHistory::name).toList());
  }

  private static QueueView view(QueueHistory queue) {
    return QueueView.of(
        queue.name(), queue.application(), queue.stats(), queue.latest(), queue.error());
  }

  private static List<List<@Nullable Object>> rows(QueueHistory queue, long since) {
    return queue.since(since).stream().map(QueueHistory.Sample::row).toList();
  }

  private List<ListenerView> listeners(@Nullable String queueName) {
    SafeQueueListenerEndpointRegistry registry = listenerRegistry.getIfUnique();
    Collection<SafeQueueListenerContainer> containers =
        registry == null ? List.of() : registry.getListenerContainers();
    return containers.stream()
        .filter(container -> queueName == null || container.getQueueName().equals(queueName))
        .sorted(Comparator.comparing(SafeQueueListenerContainer::getListenerId))
        .map(ListenerView::of)
        .toList();
  }

  private static String requiredParam(ServerRequest request, String name) {
    Optional<String> value = request.param(name);
    if (value.isEmpty() || value.get().isBlank()) {
      throw new IllegalArgumentException("The request needs the parameter '" + name + "'");
    }
    return value.get();
  }

  private static long longParam(ServerRequest request, String name, long fallback) {
    Optional<String> value = request.param(name);
    if (value.isEmpty() || value.get().isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.get().trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "The parameter '" + name + "' must be a whole number, was '" + value.get() + "'");
    }
  }

  /** What a request answers; may throw what reading the request body throws. */
  @FunctionalInterface
  private interface Answer {
    Object get() throws Exception;
  }

  private static ServerResponse respond(Answer answer) {
    try {
      return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(answer.get());
    } catch (UnknownTargetException ex) {
      return error(HttpStatus.NOT_FOUND, ex.getMessage());
    } catch (IllegalArgumentException ex) {
      return error(HttpStatus.BAD_REQUEST, ex.getMessage());
    } catch (SafeRedisQueueConnectionException | SafeRedisQueueConfigurationException ex) {
      // Redis is out of reach for now, or set up so the queue cannot use it (refused credentials
      // among others): the dashboard cannot serve, and its message says why.
      return error(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    } catch (HttpMessageNotReadableException | HttpMediaTypeNotSupportedException ex) {
      return error(HttpStatus.BAD_REQUEST, "The request body must be JSON: {\"uids\": [\"...\"]}");
    } catch (Exception ex) {
      logger.warn("Dashboard request failed: " + ex, ex);
      return error(HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(ex.getMessage()));
    }
  }

  private static ServerResponse error(HttpStatus status, @Nullable String message) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(new DashboardViews.Error(message == null ? status.getReasonPhrase() : message));
  }
}
