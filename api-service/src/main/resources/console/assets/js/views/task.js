// A task by id: its status hash (GET /api/tasks/{id}) with payload, result and last error.
import { call, withQuery } from '../api.js';
import { badge, h, problemBox, replaceKeepingFocus, time } from '../dom.js';

const TIMES = ['created_at', 'updated_at', 'started_at', 'finished_at', 'next_run_at'];

export function create(id, query) {
  let detail;

  async function load() {
    if (!id) return;
    try {
      const task = await call('GET', `/api/tasks/${encodeURIComponent(id)}`);
      const rows = [];
      for (const [name, value] of Object.entries(task)) {
        if (name === 'payload' || name === 'result' || value === null || value === undefined) continue;
        const shown = name === 'state' ? badge(value) : TIMES.includes(name) ? time(value) : String(value);
        rows.push(h('dt', {}, name), h('dd', {}, shown));
      }
      replaceKeepingFocus(detail,
        h('dl', { class: 'fields', id: 'task-fields' }, rows),
        h('h2', {}, 'Payload'), h('pre', { id: 'task-payload' }, JSON.stringify(task.payload ?? null, null, 2)),
        task.result !== undefined ? h('h2', {}, 'Result') : null,
        task.result !== undefined ? h('pre', {}, JSON.stringify(task.result, null, 2)) : null);
    } catch (error) {
      detail.replaceChildren(problemBox(error));
    }
  }

  return {
    title: id ? `Task ${id}` : 'Task',
    async mount(main) {
      const input = h('input', { id: 'task-id', name: 'id', value: id || '', required: true, autocomplete: 'off', maxlength: 128 });
      const form = h('form', { class: 'inline', role: 'search', 'aria-label': 'Look up a task' },
        h('label', { for: 'task-id' }, 'Task id', input),
        h('button', { type: 'submit', class: 'primary' }, 'Look up'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const wanted = input.value.trim();
        if (wanted) location.hash = withQuery(`#/task/${encodeURIComponent(wanted)}`, { queue: query.get('queue') });
      });
      detail = h('div', { id: 'task-detail' });
      main.append(h('h1', {}, id ? `Task ${id}` : 'Look up a task'), form, detail);
      await load();
    },
    refresh: id ? load : null,
  };
}
