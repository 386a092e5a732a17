// The queues page's chart of the last hour (GET /api/admin/queues/history): tasks enqueued and
// finished per minute as lines, the sampled depth on a second axis. Chart.js comes from its
// webjar as a classic script (window.Chart); it draws on a canvas and touches styles only through
// the CSSOM, which the CSP allows. The same figures are in a table beside it for screen readers.
import { h, table, time } from './dom.js';

export function historyChart(container) {
  const canvas = h('canvas', {
    id: 'history-canvas',
    role: 'img',
    'aria-label': 'Tasks enqueued and finished per minute, and queue depth, over the last hour',
  });
  const box = h('div', { class: 'chart-box' }, canvas);
  const data = h('div', { id: 'history-table' });
  const details = h('details', {}, h('summary', {}, 'The chart\u2019s figures as a table'), data);
  container.append(box, details);
  let chart = null;

  function update(history) {
    const points = sumQueues(history.items);
    const labels = points.map((p) => time(p.minute).slice(11, 16));
    const series = [
      { label: 'Enqueued per minute', data: points.map((p) => p.enqueued), borderColor: '#0a58ca', yAxisID: 'y' },
      { label: 'Finished per minute', data: points.map((p) => p.finished), borderColor: '#1a7f37', yAxisID: 'y' },
      { label: 'Depth', data: points.map((p) => p.depth), borderColor: '#9a6700', borderDash: [6, 4], yAxisID: 'depth', spanGaps: false },
    ];
    const Chart = window.Chart;
    if (Chart) {
      if (chart === null) {
        chart = new Chart(canvas, {
          type: 'line',
          data: { labels, datasets: series.map((s) => ({ ...s, pointRadius: 0, tension: 0.2 })) },
          options: {
            animation: false,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            scales: {
              y: { beginAtZero: true, title: { display: true, text: 'tasks per minute' } },
              depth: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'depth' } },
            },
          },
        });
      } else {
        chart.data.labels = labels;
        series.forEach((s, i) => { chart.data.datasets[i].data = s.data; });
        chart.update('none');
      }
    } else {
      box.replaceChildren(h('p', { class: 'note' }, 'The chart library did not load; the figures are in the table below.'));
    }
    const recent = points.slice(-15).reverse();
    data.replaceChildren(table('The last 15 minutes, newest first',
      ['Minute (UTC)', { label: 'Enqueued', num: true }, { label: 'Succeeded', num: true },
        { label: 'Failed', num: true }, { label: 'Depth', num: true }],
      recent.map((p) => [time(p.minute).slice(11, 16), p.enqueued, p.succeeded, p.failed,
        p.depth === null ? 'not sampled' : p.depth])));
  }

  return {
    update,
    destroy() {
      if (chart) chart.destroy();
    },
  };
}

/** Every queue's points summed minute by minute (the API already sums a queue's partitions). */
function sumQueues(items) {
  const out = [];
  for (const queue of items) {
    queue.points.forEach((p, i) => {
      const o = out[i] || (out[i] = { minute: p.minute, enqueued: 0, succeeded: 0, failed: 0, finished: 0, depth: null });
      o.enqueued += p.enqueued;
      o.succeeded += p.succeeded;
      o.failed += p.failed;
      o.finished += p.finished;
      if (p.depth !== null && p.depth !== undefined) o.depth = (o.depth || 0) + p.depth;
    });
  }
  return out;
}
