// Workflow runs, searchable by lead, workflow and status (GET /api/workflows, cursor pages,
// newest first); the search lives in the address, so a search can be bookmarked and the Back
// key works. A refresh reloads the page on screen: one request.
import { call, withQuery } from '../api.js';
import { announce, badge, h, problemBox, replaceKeepingFocus, routeLink, time } from '../dom.js';

const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const PAGE_SIZE = 50;

export function create(query) {
  const search = {
    lead_id: query.get('lead_id') || '',
    workflow: query.get('workflow') || '',
    status: query.get('status') || '',
  };
  const cursors = [null];
  let page = 0;
  let nextCursor = null;
  let list;
  let pager;

  async function load() {
    try {
      const body = await call('GET', withQuery('/api/workflows', { ...search, limit: PAGE_SIZE, cursor: cursors[page] }));
      nextCursor = body.next_cursor;
      replaceKeepingFocus(list, body.items.length === 0
        ? h('p', { id: 'no-runs' }, 'No run matches.')
        : h('table', { id: 'run-table' },
          h('caption', {}, `Page ${page + 1}: ${body.items.length} run(s)`),
          h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Lead', 'Status', 'Current step', 'Updated']
            .map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, body.items.map((run) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: `#/runs/${encodeURIComponent(run.workflow_id)}`, 'data-focus-key': `run-${run.workflow_id}` }, run.workflow_id)),
            h('td', {}, `${run.workflow} v${run.definition_version ?? ''}`),
            h('td', {}, run.lead_id || ''),
            h('td', {}, badge(run.status)),
            h('td', {}, run.current_step || ''),
            h('td', {}, time(run.updated_at)))))));
      pager.querySelector('#runs-newer').disabled = page === 0;
      pager.querySelector('#runs-older').disabled = !nextCursor;
      announce(`Workflow runs: page ${page + 1}, ${body.items.length} shown`);
    } catch (error) {
      list.replaceChildren(problemBox(error));
    }
  }

  return {
    title: 'Workflow runs',
    async mount(main) {
      const lead = h('input', { id: 'runs-lead', name: 'lead_id', value: search.lead_id, autocomplete: 'off' });
      const workflow = h('input', { id: 'runs-workflow', name: 'workflow', value: search.workflow, autocomplete: 'off' });
      const status = h('select', { id: 'runs-status', name: 'status' },
        h('option', { value: '' }, 'any'),
        STATUSES.map((s) => h('option', { value: s, selected: s === search.status }, s)));
      const form = h('form', { class: 'inline', role: 'search', 'aria-label': 'Search runs' },
        h('label', { for: 'runs-lead' }, 'Lead id', lead),
        h('label', { for: 'runs-workflow' }, 'Workflow', workflow),
        h('label', { for: 'runs-status' }, 'Status', status),
        h('button', { type: 'submit', class: 'primary' }, 'Search'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        location.hash = routeLink('/runs', { lead_id: lead.value.trim(), workflow: workflow.value.trim(), status: status.value });
      });
      pager = h('nav', { class: 'pager', 'aria-label': 'Run pages' },
        h('button', { type: 'button', id: 'runs-newer', onclick: () => { page -= 1; load(); } }, '← Newer'),
        h('button', { type: 'button', id: 'runs-older', onclick: () => { cursors[page + 1] = nextCursor; page += 1; load(); } }, 'Older →'));
      list = h('div', { id: 'run-list' });
      main.append(h('h1', {}, 'Workflow runs'), form, list, pager);
      await load();
    },
    refresh: load,
  };
}
