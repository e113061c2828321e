// The saferedisqueue dashboard. Every value from the server reaches the page as a text node or an
// attribute value, never as markup: a payload such as "<script>" is shown, not run.
(function () {
  'use strict';

  const meta = (name) => {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  };
  const BASE = meta('srq-base') || '';
  const API = BASE + '/api';
  const READ_ONLY = meta('srq-read-only') === 'true';
  const READ_ONLY_TITLE = 'No requeue, delete, pause or resume here: saferedisqueue.dashboard.read-only is true'
    + ' (the default), or this user lacks saferedisqueue.dashboard.write-role';
  const SVG = 'http://www.w3.org/2000/svg';
  const PAGE = 100;

  // ------------------------------------------------------------------ DOM, without markup

  function h(tag, attrs, ...children) {
    return fill(document.createElement(tag), attrs, children);
  }

  function s(tag, attrs, ...children) {
    return fill(document.createElementNS(SVG, tag), attrs, children);
  }

  function fill(node, attrs, children) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function replace(target, ...children) {
    target.replaceChildren(...children.flat().filter((c) => c != null && c !== false));
  }

  function byId(id) {
    return document.getElementById(id);
  }

  // ------------------------------------------------------------------ formatting

  const numbers = new Intl.NumberFormat('en-US');
  const int = (n) => (n == null ? '–' : numbers.format(n));
  const rate = (n) => (n == null ? '–' : n >= 100 ? numbers.format(Math.round(n)) : n.toFixed(1));

  function duration(ms) {
    if (ms == null) return '–';
    const abs = Math.abs(ms);
    let text;
    if (abs < 1000) text = Math.round(abs) + ' ms';
    else if (abs < 60000) text = (abs / 1000).toFixed(abs < 10000 ? 1 : 0) + ' s';
    else if (abs < 3600000) text = Math.round(abs / 60000) + ' min';
    else if (abs < 86400000) text = (abs / 3600000).toFixed(1) + ' h';
    else text = (abs / 86400000).toFixed(1) + ' d';
    return ms < 0 ? '-' + text : text;
  }

  const time = (ms) => new Date(ms).toLocaleString();

  // ------------------------------------------------------------------ requests

  async function getJson(path) {
    const response = await fetch(API + path, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    return answer(response);
  }

  async function post(path, body) {
    const headers = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'X-SafeRedisQueue-Dashboard': '1',
    };
    const csrf = csrfToken();
    if (csrf) headers[csrf.header] = csrf.value;
    const response = await fetch(API + path, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(body || {}),
    });
    return answer(response);
  }

  async function answer(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const reason = body && body.error ? body.error : response.status + ' ' + response.statusText;
      throw new Error(reason);
    }
    return body;
  }

  // Spring Security's token: from the page's meta elements, else from an XSRF-TOKEN cookie.
  function csrfToken() {
    const header = meta('_csrf_header');
    const token = meta('_csrf');
    if (header && token) return { header, value: token };
    const cookie = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return cookie ? { header: 'X-XSRF-TOKEN', value: decodeURIComponent(cookie[1]) } : null;
  }

  let toastTimer = null;
  function toast(text, isError) {
    const element = byId('toast');
    element.textContent = text;
    element.className = isError ? 'toast error' : 'toast';
    element.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (element.hidden = true), isError ? 8000 : 4000);
  }

  async function act(path, body, done) {
    try {
      const result = await post(path, body);
      toast(done(result), false);
    } catch (e) {
      toast(e.message, true);
    }
    refresh();
  }

  // ------------------------------------------------------------------ charts (SVG)

  const ITEM_SERIES = [
    { key: 1, label: 'waiting', css: 's-waiting' },
    { key: 2, label: 'in flight', css: 's-inflight' },
    { key: 3, label: 'delayed', css: 's-delayed' },
    { key: 4, label: 'dead', css: 's-dead' },
  ];
  const RATE_SERIES = [
    { key: 6, label: 'pushed/s', css: 's-pushed' },
    { key: 7, label: 'acked/s', css: 's-acked' },
    { key: 8, label: 'failed/s', css: 's-failed' },
  ];

  function niceMax(max) {
    if (!(max > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (max <= step * power) return step * power;
    }
    return 10 * power;
  }

  // The window shown: the history kept, or less while less has been sampled (whole minutes).
  function span(rows, historyMillis) {
    if (rows.length < 2) return Math.min(historyMillis, 60000);
    const covered = rows[rows.length - 1][0] - rows[0][0];
    return Math.min(historyMillis, Math.max(60000, Math.ceil(covered / 60000) * 60000));
  }

  const axis = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

  function chart(title, rows, series, windowMillis, format, whole) {
    const width = 560;
    const height = 150;
    const left = 46;
    const right = 8;
    const top = 8;
    const bottom = 20;
    const end = rows.length ? rows[rows.length - 1][0] : Date.now();
    const start = end - windowMillis;
    let max = 0;
    for (const row of rows) {
      for (const one of series) if (row[one.key] != null) max = Math.max(max, row[one.key]);
    }
    // Counts get whole numbers on the axis.
    max = whole ? Math.max(2, 2 * Math.ceil(niceMax(max) / 2)) : niceMax(max);
    const x = (t) => left + ((t - start) / windowMillis) * (width - left - right);
    const y = (v) => top + (1 - v / max) * (height - top - bottom);
    const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': title });
    for (const fraction of [0, 0.5, 1]) {
      const value = max * fraction;
      svg.appendChild(s('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
      svg.appendChild(s('text', { class: 'axis', x: left - 6, y: y(value) + 3, 'text-anchor': 'end' }, axis.format(value)));
    }
    const ago = (ms) => '-' + (ms >= 60000 ? Math.round(ms / 30000) / 2 + ' min' : Math.round(ms / 1000) + ' s');
    const ticks = [[start, ago(windowMillis)], [start + windowMillis / 2, ago(windowMillis / 2)], [end, 'now']];
    for (const [t, label] of ticks) {
      const anchor = t === start ? 'start' : t === end ? 'end' : 'middle';
      svg.appendChild(s('text', { class: 'axis', x: x(t), y: height - 5, 'text-anchor': anchor }, label));
    }
    const legend = h('div', { class: 'legend' });
    for (const one of series) {
      let d = '';
      let pen = false;
      let last = null;
      for (const row of rows) {
        const value = row[one.key];
        if (value == null || row[0] < start) {
          pen = false;
          continue;
        }
        d += (pen ? 'L' : 'M') + x(row[0]).toFixed(1) + ' ' + y(value).toFixed(1);
        pen = true;
        last = row;
      }
      if (d) svg.appendChild(s('path', { class: one.css, d }));
      if (last) svg.appendChild(s('circle', { class: 'dot ' + one.css, cx: x(last[0]), cy: y(last[one.key]), r: 2.5 }));
      legend.appendChild(h('span', null, h('span', { class: 'sw ' + one.css }), one.label + ' ',
        h('b', null, last ? format(last[one.key]) : '–')));
    }
    return h('div', { class: 'chart-box' }, h('div', { class: 'title' }, title), svg, legend);
  }

  function rateChart(rows, windowMillis, overview, application) {
    const counted = rows.some((row) => row[6] != null);
    if (!counted) {
      const why = !application
        ? 'No rates: this application does not use this queue.'
        : overview.rates
          ? 'Rates appear from the second sample on.'
          : 'Rates need Micrometer (a MeterRegistry, such as from spring-boot-starter-actuator).';
      return h('div', { class: 'chart-box' }, h('div', { class: 'title' }, 'Per second, this process'),
        h('div', { class: 'note' }, why));
    }
    return chart('Per second, this process', rows, RATE_SERIES, windowMillis, rate);
  }

  // ------------------------------------------------------------------ views

  let timer = null;
  let refresh = () => {};
  const history = {};
  let since = -1;
  let settings = { historyMillis: 600000, sampleIntervalMillis: 5000, rates: false };

  // Runs a view's refresh now and then periodically, never two at once; a new view replaces it.
  function schedule(run, millis) {
    clearInterval(timer);
    let busy = false;
    const guarded = async () => {
      if (busy) return;
      busy = true;
      try {
        await run();
      } finally {
        busy = false;
      }
    };
    refresh = guarded;
    guarded();
    timer = setInterval(guarded, Math.max(2000, millis));
  }

  function header(overview) {
    if (overview.redis) byId('redis').textContent = 'Redis ' + overview.redis;
    const mode = byId('mode');
    mode.hidden = !overview.readOnly;
    mode.textContent = 'read-only';
    mode.className = 'badge readonly';
    mode.title = READ_ONLY_TITLE;
    byId('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function crumbs(...parts) {
    replace(byId('crumbs'), parts.length ? ['› ', ...parts] : []);
  }

  function mergeHistory(incoming, windowMillis, now) {
    for (const [name, rows] of Object.entries(incoming)) {
      const kept = (history[name] || []).concat(rows);
      history[name] = kept.filter((row) => row[0] > now - windowMillis - 1000);
    }
    for (const name of Object.keys(history)) if (!(name in incoming)) delete history[name];
  }

  function queueLink(name) {
    return h('a', { href: '#/queue/' + encodeURIComponent(name), 'data-queue-link': name }, name);
  }

  function showOverview() {
    crumbs();
    const queues = h('section', { class: 'panel', id: 'queues' }, h('header', null, h('h2', null, 'Queues')), h('p', { class: 'empty' }, 'Loading…'));
    const charts = h('section', { class: 'panel', id: 'charts' }, h('header', null, h('h2', null, 'Last minutes')), h('div', { class: 'cards' }));
    const listeners = h('section', { class: 'panel', id: 'listeners' }, h('header', null, h('h2', null, 'Listeners')), h('p', { class: 'empty' }, 'Loading…'));
    replace(byId('main'), queues, charts, listeners);
    let lastTable = null;
    let lastListeners = null;
    schedule(async () => {
      let overview;
      try {
        overview = await getJson('/overview?since=' + since);
      } catch (e) {
        replace(queues, h('header', null, h('h2', null, 'Queues')), h('p', { class: 'empty error-text' }, e.message));
        return;
      }
      settings = overview;
      header(overview);
      mergeHistory(overview.history, overview.historyMillis, overview.time);
      since = overview.time;
      const sharded = overview.sharded || [];
      const table = JSON.stringify([overview.queues, sharded]);
      if (table !== lastTable) {
        lastTable = table;
        replace(queues, h('header', null, h('h2', null, 'Queues'), h('span', { class: 'muted' }, overview.queues.length + '')),
          shardedTable(sharded), queueTable(overview.queues, shardOwners(sharded)));
      }
      // One time axis for all queues: the longest history sampled so far.
      const windowMillis = Math.max(...overview.queues.map((queue) => span(history[queue.name] || [], overview.historyMillis)), Math.min(60000, overview.historyMillis));
      replace(charts.querySelector('.cards'), overview.queues.map((queue) => h('div', { class: 'card', 'data-queue': queue.name },
        h('h3', null, queueLink(queue.name), queue.application ? null : h('span', { class: 'badge redis' }, 'seen in Redis')),
        h('div', { class: 'charts-2' },
          chart('Items', history[queue.name] || [], ITEM_SERIES, windowMillis, int, true),
          rateChart(history[queue.name] || [], windowMillis, overview, queue.application)))));
      const listenerJson = JSON.stringify(overview.listeners);
      if (listenerJson !== lastListeners) {
        lastListeners = listenerJson;
        replace(listeners, h('header', null, h('h2', null, 'Listeners'), h('span', { class: 'muted' }, overview.listeners.length + '')), listenerTable(overview.listeners, overview.readOnly, true));
      }
    }, settings.sampleIntervalMillis);
  }

  // Shard name -> the sharded queue it belongs to.
  function shardOwners(sharded) {
    const owners = {};
    sharded.forEach((queue) => queue.shards.forEach((shard) => { owners[shard] = queue.name; }));
    return owners;
  }

  // Each sharded queue's total over its shards (the shards are rows of the queue table too).
  function shardedTable(sharded) {
    if (!sharded.length) return null;
    return h('table', { id: 'sharded' },
      h('thead', null, h('tr', null, h('th', null, 'Sharded queue'), h('th', null, 'Shards'), ['Waiting', 'In flight', 'Delayed', 'Dead', 'Pushed/s', 'Acked/s', 'Failed/s'].map((label) => h('th', { class: 'num' }, label)))),
      h('tbody', null, sharded.map((queue) => h('tr', { 'data-sharded': queue.name },
        h('td', null, queue.name, ' ', h('span', { class: 'badge shard' }, 'total')),
        h('td', null, queue.shards.length + ''),
        h('td', { class: 'num', 'data-field': 'waiting' }, int(queue.waiting)),
        h('td', { class: 'num', 'data-field': 'inFlight' }, int(queue.inFlight)),
        h('td', { class: 'num', 'data-field': 'delayed' }, int(queue.delayed)),
        h('td', { class: 'num dead-count' + (queue.dead > 0 ? ' some' : ''), 'data-field': 'dead' }, int(queue.dead)),
        h('td', { class: 'num' }, rate(queue.pushedPerSecond)),
        h('td', { class: 'num' }, rate(queue.ackedPerSecond)),
        h('td', { class: 'num' }, rate(queue.failedPerSecond))))));
  }

  function queueTable(queues, owners) {
    owners = owners || {};
    if (!queues.length) return h('p', { class: 'empty' }, 'No queue yet: the application has not used one.');
    return h('table', null,
      h('thead', null, h('tr', null, h('th', null, 'Queue'), ['Waiting', 'In flight', 'Delayed', 'Dead', 'Oldest waiting', 'Pushed/s', 'Acked/s', 'Failed/s'].map((label) => h('th', { class: 'num' }, label)))),
      h('tbody', null, queues.map((queue) => h('tr', { 'data-queue': queue.name },
        h('td', null, queueLink(queue.name), ' ', queue.application ? null : h('span', { class: 'badge redis', title: 'Found in Redis; not used by this application' }, 'seen in Redis'),
          owners[queue.name] ? h('span', { class: 'badge shard', title: 'A shard of the sharded queue ' + owners[queue.name] }, 'shard of ' + owners[queue.name]) : null,
          queue.error ? h('div', { class: 'error-text' }, queue.error) : null),
        h('td', { class: 'num', 'data-field': 'waiting' }, int(queue.waiting)),
        h('td', { class: 'num', 'data-field': 'inFlight' }, int(queue.inFlight)),
        h('td', { class: 'num', 'data-field': 'delayed' }, int(queue.delayed)),
        h('td', { class: 'num dead-count' + (queue.dead > 0 ? ' some' : ''), 'data-field': 'dead' }, int(queue.dead)),
        h('td', { class: 'num' }, oldest(queue)),
        h('td', { class: 'num' }, rate(queue.pushedPerSecond)),
        h('td', { class: 'num' }, rate(queue.ackedPerSecond)),
        h('td', { class: 'num' }, rate(queue.failedPerSecond))))));
  }

  function oldest(queue) {
    return !queue.waiting || queue.oldestAgeSeconds == null ? '–' : duration(queue.oldestAgeSeconds * 1000);
  }

  function listenerTable(listeners, readOnly, withQueue) {
    if (!listeners.length) return h('p', { class: 'empty' }, 'No listener.');
    return h('table', null,
      h('thead', null, h('tr', null, h('th', null, 'Listener'), withQueue ? h('th', null, 'Queue') : null, h('th', null, 'State'),
        h('th', { class: 'num' }, 'Concurrency'), h('th', { class: 'num' }, 'Active handlers'), h('th', { class: 'num', title: 'Deliveries after which a failing item becomes a dead letter' }, 'Dead letter after'), readOnly ? null : h('th', null, ''))),
      h('tbody', null, listeners.map((listener) => h('tr', { 'data-listener': listener.id },
        h('td', { class: 'uid' }, listener.id),
        withQueue ? h('td', null, queueLink(listener.queue)) : null,
        h('td', null, h('span', { class: 'badge ' + listener.state, 'data-field': 'state' }, listener.state)),
        h('td', { class: 'num' }, int(listener.concurrency)),
        h('td', { class: 'num' }, int(listener.activeHandlers)),
        h('td', { class: 'num' }, listener.maxDeliveries > 0 ? int(listener.maxDeliveries) + ' deliveries' : 'never'),
        readOnly ? null : h('td', { class: 'actions' }, listener.state === 'paused'
          ? h('button', { class: 'primary', 'data-action': 'resume', onclick: () => act('/listener/resume?id=' + encodeURIComponent(listener.id), null, () => 'Resumed ' + listener.id) }, 'Resume')
          : h('button', { 'data-action': 'pause', disabled: listener.state !== 'running', onclick: () => act('/listener/pause?id=' + encodeURIComponent(listener.id), null, () => 'Paused ' + listener.id) }, 'Pause'))))));
  }

  function payload(preview) {
    if (!preview.present) return h('span', { class: 'muted' }, 'gone');
    return h('div', null, h('pre', { class: 'payload' }, preview.text),
      preview.truncated ? h('div', { class: 'more' }, 'first bytes of ' + int(preview.size) + ' bytes') : null);
  }

  function pager(page, onMove) {
    const first = page.total === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.items.length;
    return h('div', { class: 'pager' }, first + '–' + last + ' of ' + int(page.total),
      h('button', { disabled: page.offset === 0, onclick: () => onMove(Math.max(0, page.offset - PAGE)) }, '‹ Previous'),
      h('button', { disabled: last >= page.total, onclick: () => onMove(page.offset + PAGE) }, 'Next ›'));
  }

  function tile(label, value, sub, alert) {
    return h('div', { class: 'tile' + (alert ? ' alert' : '') }, h('div', { class: 'label' }, label),
      h('div', { class: 'value', 'data-tile': label }, value), sub ? h('div', { class: 'sub' }, sub) : null);
  }

  function showQueue(name) {
    crumbs(h('span', null, name));
    const q = '?name=' + encodeURIComponent(name);
    const offsets = { dead: 0, 'in-flight': 0, delayed: 0 };
    const title = h('div', { id: 'queue-title' });
    const charts = h('section', { class: 'panel' }, h('div', { class: 'charts-2' }));
    const listeners = h('section', { class: 'panel', id: 'queue-listeners' });
    const dead = h('section', { class: 'panel', id: 'dead' });
    const inFlight = h('section', { class: 'panel', id: 'in-flight' });
    const delayed = h('section', { class: 'panel', id: 'delayed' });
    replace(byId('main'), title, charts, listeners, dead, inFlight, delayed);
    const last = {};
    let rows = [];
    let sinceHere = -1;
    const changed = (key, value) => {
      const json = JSON.stringify(value);
      if (last[key] === json) return false;
      last[key] = json;
      return true;
    };
    schedule(async () => {
      let details;
      try {
        details = await getJson('/queue' + q + '&since=' + sinceHere);
      } catch (e) {
        replace(title, h('h1', null, name), h('p', { class: 'error-text' }, e.message));
        return;
      }
      header({ redis: null, readOnly: details.readOnly });
      rows = rows.concat(details.history);
      if (rows.length) sinceHere = rows[rows.length - 1][0];
      rows = rows.filter((row) => row[0] > sinceHere - details.historyMillis - 1000);
      const windowMillis = span(rows, details.historyMillis);
      const queue = details.queue;
      if (changed('title', details)) {
        replace(title, h('h1', null, queue.name, queue.application ? null : h('span', { class: 'badge redis' }, 'seen in Redis')),
          h('div', { class: 'settings' }, queue.application
            ? details.deliveryLimits + ' · autoclean ' +
              (details.autocleanIntervalMillis == null ? 'off' : 'every ' + duration(details.autocleanIntervalMillis))
            : 'Not used by this application: shown read-only.'),
          h('div', { class: 'tiles' },
            tile('Waiting', int(queue.waiting)),
            tile('In flight', int(queue.inFlight), int(queue.backup) + ' in backup · ' + int(queue.ackbuf) + ' in ackbuf'),
            tile('Delayed', int(queue.delayed)),
            tile('Dead letters', int(queue.dead), null, queue.dead > 0),
            tile('Oldest waiting', oldest(queue), queue.waiting > 0 && queue.oldestAgeSeconds == null ? 'no push time recorded' : null)));
      }
      replace(charts.firstChild, chart('Items', rows, ITEM_SERIES, windowMillis, int, true),
        rateChart(rows, windowMillis, details, queue.application));
      if (changed('listeners', details.listeners)) {
        replace(listeners, h('header', null, h('h2', null, 'Listeners')), listenerTable(details.listeners, details.readOnly, false));
      }
      await Promise.all([
        list(dead, 'dead', 'Dead letters', details, deadHead(details), deadRow(details), ['UID', 'Deliveries', 'Dead-lettered', 'Reason', 'Payload']),
        list(inFlight, 'in-flight', 'In flight', details, null, inFlightRow, ['UID', 'Generation', 'Age', 'Deliveries', 'Payload']),
        list(delayed, 'delayed', 'Delayed', details, null, delayedRow, ['UID', 'Due', 'Deliveries', 'Payload']),
      ]);
    }, settings.sampleIntervalMillis);

    async function list(section, kind, label, details, tools, row, columns) {
      let page;
      try {
        page = await getJson('/queue/' + kind + q + '&offset=' + offsets[kind] + '&limit=' + PAGE);
      } catch (e) {
        replace(section, h('header', null, h('h2', null, label)), h('p', { class: 'empty error-text' }, e.message));
        return;
      }
      if (!changed(kind, { page: { ...page, redisTime: 0, items: page.items.map(stable) }, actions: details.actions })) return;
      const move = (offset) => {
        offsets[kind] = offset;
        delete last[kind];
        refresh();
      };
      replace(section, h('header', null, h('h2', null, label, h('span', { class: 'muted' }, int(page.total))), h('span', { class: 'spacer' }), page.total > 0 ? tools : null),
        page.items.length
          ? h('table', null, h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c === 'Deliveries' || c === 'Age' || c === 'Due' ? 'num' : null }, c)), details.actions && kind === 'dead' ? h('th', null, '') : null)),
            h('tbody', null, page.items.map((item) => row(item))))
          : h('p', { class: 'empty' }, 'None.'),
        page.total > PAGE ? pager(page, move) : null);
    }
  }

  // Rows compare equal across refreshes unless something other than time moved.
  function stable(item) {
    const copy = { ...item };
    delete copy.ageMillis;
    delete copy.dueInMillis;
    return copy;
  }

  function deadHead(details) {
    if (!details.actions) return null;
    const name = details.queue.name;
    const q = '?name=' + encodeURIComponent(name);
    return h('span', null,
      h('button', { 'data-action': 'requeue-all', onclick: () => confirm('Requeue every dead letter of ' + name + '?') && act('/queue/dead/requeue-all' + q, null, (r) => 'Requeued ' + r.count + ' dead letters') }, 'Requeue all'),
      ' ',
      h('button', { class: 'danger', 'data-action': 'delete-all', onclick: () => confirm('Delete every dead letter of ' + name + ' for good?') && act('/queue/dead/delete-all' + q, null, (r) => 'Deleted ' + r.count + ' dead letters') }, 'Delete all'));
  }

  function deadRow(details) {
    const q = '?name=' + encodeURIComponent(details.queue.name);
    return (dead) => h('tr', { 'data-uid': dead.uid },
      h('td', { class: 'uid' }, dead.uid),
      h('td', { class: 'num' }, int(dead.deliveries)),
      h('td', { class: 'num', title: time(dead.deadAt) }, time(dead.deadAt)),
      h('td', null, h('pre', { class: 'reason' }, dead.reason)),
      h('td', null, payload(dead.payload)),
      details.actions ? h('td', { class: 'actions' },
        h('button', { 'data-action': 'requeue', onclick: () => act('/queue/dead/requeue' + q, { uids: [dead.uid] }, (r) => r.count ? 'Requeued ' + dead.uid : dead.uid + ' was no longer a dead letter') }, 'Requeue'),
        h('button', { class: 'danger', 'data-action': 'delete', onclick: () => confirm('Delete dead letter ' + dead.uid + ' for good?') && act('/queue/dead/delete' + q, { uids: [dead.uid] }, (r) => r.count ? 'Deleted ' + dead.uid : dead.uid + ' was no longer a dead letter') }, 'Delete')) : null);
  }

  function inFlightRow(item) {
    const backup = item.generation === 'backup';
    return h('tr', { 'data-uid': item.uid },
      h('td', { class: 'uid' }, item.uid),
      h('td', null, h('span', { class: 'badge ' + item.generation, title: backup
        ? 'Old generation: the next autoclean rotation requeues it unless it is acked, failed or renewed first'
        : 'Young generation: the next autoclean rotation moves it to backup' },
      backup ? 'backup · requeued by next rotation' : 'ackbuf · backup after next rotation')),
      h('td', { class: 'num', title: item.queuedAt == null ? 'no push time recorded' : 'queued ' + time(item.queuedAt) }, duration(item.ageMillis)),
      h('td', { class: 'num' }, item.deliveries > 0 ? int(item.deliveries) : '–'),
      h('td', null, payload(item.payload)));
  }

  function delayedRow(item) {
    return h('tr', { 'data-uid': item.uid },
      h('td', { class: 'uid' }, item.uid),
      h('td', { class: 'num', title: time(item.dueAt) }, item.dueInMillis > 0 ? 'in ' + duration(item.dueInMillis) : 'due (moved by the next pop)'),
      h('td', { class: 'num' }, int(item.deliveries)),
      h('td', null, payload(item.payload)));
  }

  // ------------------------------------------------------------------ routing

  function route() {
    const match = (location.hash || '').match(/^#\/queue\/(.+)$/);
    if (match) showQueue(decodeURIComponent(match[1]));
    else showOverview();
  }

  window.addEventListener('hashchange', route);
  if (READ_ONLY) {
    const mode = byId('mode');
    mode.hidden = false;
    mode.textContent = 'read-only';
    mode.className = 'badge readonly';
    mode.title = READ_ONLY_TITLE;
  }
  route();
})();
