// Workers: the live workers with their heartbeat and tasks in flight, from /health/detailed
// (one request per refresh).
import { call } from '../api.js';
import { announce, h, problemBox, replaceKeepingFocus, table, time } from '../dom.js';

export function create() {
  let list;

  async function load() {
    try {
      const health = await call('GET', '/health/detailed');
      const workers = health.workers || [];
      const now = Date.now();
      const rows = workers.map((w) => [w.worker_id, w.queue,
        `${time(w.last_heartbeat)} (${Math.max(0, Math.round((now - w.last_heartbeat) / 1000))} s ago)`,
        w.in_flight, w.concurrency, w.processed, (w.handlers || []).join(', ')]);
      replaceKeepingFocus(list, workers.length
        ? table(`${workers.length} live worker(s)`, ['Worker', 'Queue', 'Last heartbeat',
          { label: 'In flight', num: true }, { label: 'Concurrency', num: true },
          { label: 'Processed', num: true }, 'Task types'], rows)
        : h('p', {}, 'No live worker.'));
      announce(`Workers: ${workers.length} live, ${workers.reduce((s, w) => s + (w.in_flight || 0), 0)} tasks in flight`);
    } catch (error) {
      list.replaceChildren(problemBox(error));
    }
  }

  return {
    title: 'Workers',
    async mount(main) {
      list = h('div', { id: 'worker-list' });
      main.append(h('h1', {}, 'Workers'), list);
      await load();
    },
    refresh: load,
  };
}
