// Workflow definitions, read only (GET /api/workflows/definitions): each one's trigger and steps.
import { call } from '../api.js';
import { h, problemBox } from '../dom.js';

function kindOf(step) {
  if (step.type) return `task: ${step.type}`;
  if (step.wait) return `wait ${step.wait}`;
  if (step.wait_for) return 'wait for a lead change';
  if (step.if) return 'condition';
  if (step.end) return 'end';
  return '';
}

function detailOf(step) {
  const parts = [];
  if (step.if) parts.push(`if ${step.if} then ${step.then} else ${step.else}`);
  if (step.wait_for) parts.push(`${step.wait_for} (timeout ${step.timeout}, then ${step.on_timeout})`);
  if (step.next) parts.push(`next: ${step.next}`);
  if (step.template) parts.push(`template: ${step.template}`);
  return parts.join('; ');
}

export function create() {
  return {
    title: 'Definitions',
    async mount(main) {
      main.append(h('h1', {}, 'Workflow definitions'), h('p', { class: 'note' }, 'Read only: definitions change through the API.'));
      try {
        const body = await call('GET', '/api/workflows/definitions');
        if (body.items.length === 0) main.append(h('p', {}, 'No definition.'));
        for (const d of body.items) {
          const headingId = `def-${d.name}`;
          main.append(h('section', { 'aria-labelledby': headingId, class: 'definition' },
            h('h2', { id: headingId }, `${d.name} (version ${d.version})`),
            d.description ? h('p', {}, d.description) : null,
            h('dl', { class: 'fields' },
              h('dt', {}, 'Trigger'), h('dd', {}, d.trigger ? JSON.stringify(d.trigger) : 'none (started through the API)'),
              h('dt', {}, 'Cancel if'), h('dd', {}, d.cancel_if || '—'),
              h('dt', {}, 'Unique'), h('dd', {}, d.unique || '—')),
            h('table', {},
              h('caption', {}, `${d.steps.length} step(s)`),
              h('thead', {}, h('tr', {}, ['Step', 'Kind', 'Details'].map((l) => h('th', { scope: 'col' }, l)))),
              h('tbody', {}, d.steps.map((s) => h('tr', {},
                h('th', { scope: 'row' }, s.name), h('td', {}, kindOf(s)), h('td', {}, detailOf(s))))))));
        }
      } catch (error) {
        main.append(problemBox(error));
      }
    },
  };
}
