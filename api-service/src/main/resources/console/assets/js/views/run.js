// One workflow run (GET /api/workflows/{id}/status): its step timeline with each wait's wake
// time and each condition's branch, and Cancel (POST /api/workflows/{id}/cancel) while it is
// active. A refresh is the one status request.
import { call } from '../api.js';
import { announce, badge, h, problemBox, replaceKeepingFocus, time } from '../dom.js';
import { confirmAction } from '../confirm.js';

const ACTIVE = ['queued', 'running', 'waiting'];

export function create(id) {
  let detail;
  let outcome;
  let lastStatus = null;

  function step(s) {
    const facts = [];
    if (s.kind) facts.push(s.kind);
    if (s.attempts) facts.push(`${s.attempts} attempt(s)`);
    if (s.started_at) facts.push(`started ${time(s.started_at)}`);
    if (s.finished_at) facts.push(`finished ${time(s.finished_at)}`);
    return h('li', { class: `step-${s.status}`, 'data-step': s.name },
      h('strong', {}, s.name), ' ', badge(s.status),
      h('div', { class: 'meta' }, facts.join(' · ')),
      s.wake_at ? h('div', { class: 'wake' }, `${s.kind === 'wait_for' ? 'Times out' : 'Wakes'} at ${time(s.wake_at)}`) : null,
      s.branch ? h('div', { class: 'branch' }, `Took the “${s.branch}” branch`) : null,
      s.reason ? h('div', { class: 'meta' }, s.reason) : null,
      s.task_id ? h('div', { class: 'meta' }, 'Task ', h('a', { href: `#/task/${encodeURIComponent(s.task_id)}` }, s.task_id)) : null,
      s.error ? h('div', { class: 'error-text' }, s.error) : null);
  }

  async function load() {
    try {
      const run = await call('GET', `/api/workflows/${encodeURIComponent(id)}/status`);
      const active = ACTIVE.includes(run.status);
      const cancel = active
        ? h('button', { type: 'button', id: 'cancel-run', class: 'danger', 'data-focus-key': 'cancel', onclick: () => cancelRun(run) }, 'Cancel run…')
        : null;
      replaceKeepingFocus(detail,
        h('dl', { class: 'fields', id: 'run-fields' },
          h('dt', {}, 'Status'), h('dd', { id: 'run-status' }, badge(run.status)),
          h('dt', {}, 'Workflow'), h('dd', {}, `${run.workflow} (version ${run.definition_version ?? '?'})`),
          h('dt', {}, 'Lead'), h('dd', {}, run.lead_id || '—'),
          h('dt', {}, 'Current step'), h('dd', {}, run.current_step || '—'),
          h('dt', {}, 'Path'), h('dd', {}, (run.path || []).join(' → ')),
          run.cancel_reason ? h('dt', {}, 'Cancel reason') : null,
          run.cancel_reason ? h('dd', {}, run.cancel_reason) : null,
          run.error ? h('dt', {}, 'Error') : null,
          run.error ? h('dd', { class: 'error-text' }, run.error) : null,
          h('dt', {}, 'Created'), h('dd', {}, time(run.created_at)),
          h('dt', {}, 'Updated'), h('dd', {}, time(run.updated_at))),
        cancel,
        h('h2', {}, 'Steps'),
        h('ol', { class: 'timeline', id: 'run-timeline', 'aria-label': 'Step timeline, in the order entered' },
          (run.steps || []).map(step)));
      if (lastStatus !== null && lastStatus !== run.status) announce(`Run ${id} is now ${run.status}`);
      lastStatus = run.status;
    } catch (error) {
      detail.replaceChildren(problemBox(error));
    }
  }

  async function cancelRun(run) {
    if (!(await confirmAction('Cancel this run?',
      `Run ${run.workflow_id} of ${run.workflow} stops: a running step finishes, and no later step starts.`, 'Cancel run'))) return;
    try {
      await call('POST', `/api/workflows/${encodeURIComponent(run.workflow_id)}/cancel`);
      outcome.replaceChildren(h('p', {}, `Run ${run.workflow_id} cancelled.`));
      announce(`Run ${run.workflow_id} cancelled`);
    } catch (error) {
      outcome.replaceChildren(problemBox(error));
    }
    await load();
    document.querySelector('main h1').focus();
  }

  return {
    title: `Run ${id}`,
    async mount(main) {
      outcome = h('div', { id: 'run-outcome', role: 'status' });
      detail = h('div', { id: 'run-detail' });
      main.append(h('p', {}, h('a', { href: '#/runs' }, '← All runs')), h('h1', {}, `Run ${id}`), outcome, detail);
      await load();
    },
    refresh: load,
  };
}
