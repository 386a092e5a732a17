// Queues: depth, pending, delayed and dead per queue (GET /api/admin/queues), refreshed every
// few seconds, and the last hour's chart (GET /api/admin/queues/history), refreshed once a
// minute since its figures are per minute: each refresh is one request.
import { call } from '../api.js';
import { announce, h, problemBox, replaceKeepingFocus, table } from '../dom.js';
import { historyChart } from '../history-chart.js';

const HISTORY_EVERY_MS = 60000;

export function create() {
  let figures;
  let chart;
  let historyAt = 0;
  let chartBox;

  async function loadFigures() {
    try {
      const body = await call('GET', '/api/admin/queues');
      const rows = body.items.map((q) => [q.queue, q.depth, q.pending, q.delayed, q.dead,
        q.consumers, q.lag === null ? 'unknown' : q.lag, Math.round(q.oldest_pending_age_ms / 1000)]);
      replaceKeepingFocus(figures, table(`${body.items.length} queue(s)`,
        ['Queue', { label: 'Depth', num: true }, { label: 'Pending', num: true },
          { label: 'Delayed', num: true }, { label: 'Dead', num: true }, { label: 'Consumers', num: true },
          { label: 'Lag', num: true }, { label: 'Oldest pending (s)', num: true }], rows));
      const depth = body.items.reduce((sum, q) => sum + q.depth, 0);
      const dead = body.items.reduce((sum, q) => sum + q.dead, 0);
      announce(`Queues: depth ${depth}, dead ${dead}`);
    } catch (error) {
      figures.replaceChildren(problemBox(error));
    }
  }

  async function loadHistory() {
    try {
      chart.update(await call('GET', '/api/admin/queues/history?minutes=60'));
      historyAt = Date.now();
    } catch (error) {
      chartBox.append(problemBox(error));
    }
  }

  return {
    title: 'Queues',
    async mount(main) {
      figures = h('div', { id: 'queue-figures' });
      chartBox = h('section', { 'aria-labelledby': 'history-heading' },
        h('h2', { id: 'history-heading' }, 'The last hour'));
      main.append(h('h1', {}, 'Queues'), figures, chartBox);
      chart = historyChart(chartBox);
      await Promise.all([loadFigures(), loadHistory()]);
    },
    refresh() {
      return Date.now() - historyAt >= HISTORY_EVERY_MS ? loadHistory() : loadFigures();
    },
    destroy() {
      if (chart) chart.destroy();
    },
  };
}
