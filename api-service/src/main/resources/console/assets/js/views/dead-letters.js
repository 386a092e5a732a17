// Dead letters: a cursor page at a time (GET /api/admin/dead-letters?limit=&cursor=), so ten
// thousand of them cost what fifty do; Retry and Discard one, or every dead letter of the queue
// that matches a filter (POST /api/admin/dead-letters/retry|discard), after a confirmation. A
// refresh reloads the page on screen: one request.
import { call, withQuery } from '../api.js';
import { announce, badge, h, problemBox, replaceKeepingFocus, routeLink, time } from '../dom.js';
import { confirmAction } from '../confirm.js';

const PAGE_SIZE = 50;

export function create() {
  let queue = '';
  const cursors = [null]; // cursors[i] opens page i
  let page = 0;
  let nextCursor = null;
  let list;
  let outcome;
  let pager;
  let typeInput;
  let errorInput;
  // payloads opened by the operator: fetched once on demand (GET /api/tasks/{id}) and kept, so
  // a refresh redraws them without a request per row
  const payloads = new Map();

  function filter() {
    const body = {};
    if (typeInput.value.trim()) body.type = typeInput.value.trim();
    if (errorInput.value.trim()) body.error_contains = errorInput.value.trim();
    return body;
  }

  function matches(item, f) {
    return (!f.type || item.type === f.type)
      && (!f.error_contains || (item.error || '').toLowerCase().includes(f.error_contains.toLowerCase()));
  }

  function describe(f) {
    const parts = [];
    if (f.type) parts.push(`of type “${f.type}”`);
    if (f.error_contains) parts.push(`whose error contains “${f.error_contains}”`);
    return parts.length ? parts.join(' and ') : '(no filter: all of them)';
  }

  async function load() {
    try {
      const body = await call('GET', withQuery('/api/admin/dead-letters',
        { queue, limit: PAGE_SIZE, cursor: cursors[page] }));
      nextCursor = body.next_cursor;
      const f = filter();
      const shown = body.items.filter((item) => matches(item, f));
      const caption = `Page ${page + 1}: ${body.items.length} dead letter(s)` +
        (shown.length !== body.items.length ? `, ${shown.length} matching the filter` : '');
      replaceKeepingFocus(list, body.items.length === 0 && page === 0
        ? h('p', { id: 'no-dead-letters' }, 'No dead letters.')
        : h('table', { id: 'dead-letter-table' },
          h('caption', {}, caption),
          h('thead', {}, h('tr', {}, ['Task', 'Type', 'State', 'Error', 'Attempts', 'Failed at', 'Actions']
            .map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, shown.flatMap((item) => [h('tr', { 'data-task-id': item.task_id },
            h('th', { scope: 'row' }, h('a', { href: routeLink(`/task/${encodeURIComponent(item.task_id)}`, { queue }), 'data-focus-key': `open-${item.task_id}` }, item.task_id)),
            h('td', {}, item.type),
            h('td', {}, badge(item.state)),
            h('td', { class: 'error' }, item.error, ' ',
              h('button', {
                type: 'button',
                class: 'payload-toggle',
                'data-focus-key': `payload-${item.task_id}`,
                'aria-expanded': payloads.has(item.task_id) ? 'true' : 'false',
                'aria-controls': `payload-${item.task_id}`,
                'aria-label': `Payload of ${item.task_id}`,
                onclick: () => togglePayload(item),
              }, payloads.has(item.task_id) ? 'Hide payload' : 'Payload')),
            h('td', { class: 'num' }, item.attempts),
            h('td', {}, time(item.failed_at)),
            h('td', { class: 'actions' },
              h('button', { type: 'button', class: 'retry-one', 'data-focus-key': `retry-${item.task_id}`, 'aria-label': `Retry ${item.task_id}`, onclick: () => retryOne(item) }, 'Retry'),
              ' ',
              h('button', { type: 'button', class: 'danger discard-one', 'data-focus-key': `discard-${item.task_id}`, 'aria-label': `Discard ${item.task_id}`, onclick: () => discardOne(item) }, 'Discard'))),
          payloads.has(item.task_id)
            ? h('tr', { class: 'payload-row' }, h('td', { colspan: 7 },
              h('pre', { id: `payload-${item.task_id}`, 'aria-label': `Payload of ${item.task_id}` }, payloads.get(item.task_id))))
            : null].filter((row) => row)))));
      pager.querySelector('#newer').disabled = page === 0;
      pager.querySelector('#older').disabled = !nextCursor;
      pager.querySelector('#page-label').textContent = `Page ${page + 1}`;
      announce(`Dead letters: page ${page + 1}, ${body.items.length} shown`);
    } catch (error) {
      list.replaceChildren(problemBox(error));
    }
  }

  async function togglePayload(item) {
    if (payloads.has(item.task_id)) {
      payloads.delete(item.task_id);
    } else {
      try {
        const task = await call('GET', `/api/tasks/${encodeURIComponent(item.task_id)}`);
        payloads.set(item.task_id, JSON.stringify(task.payload ?? null, null, 2));
      } catch (error) {
        outcome.replaceChildren(problemBox(error));
        return;
      }
    }
    await load();
  }

  function report(text) {
    outcome.replaceChildren(h('p', {}, text));
    announce(text);
  }

  async function retryOne(item) {
    try {
      await call('POST', withQuery(`/api/admin/dead-letters/${encodeURIComponent(item.task_id)}/retry`, { queue }));
      report(`Task ${item.task_id} re-driven: queued again with fresh attempts.`);
    } catch (error) {
      outcome.replaceChildren(problemBox(error));
    }
    await load();
    focusList();
  }

  async function discardOne(item) {
    if (!(await confirmAction('Discard this dead letter?',
      `Task ${item.task_id} (${item.type}) is taken off the dead-letter list for good.`, 'Discard'))) return;
    try {
      await call('DELETE', withQuery(`/api/admin/dead-letters/${encodeURIComponent(item.task_id)}`, { queue }));
      report(`Task ${item.task_id} discarded.`);
    } catch (error) {
      outcome.replaceChildren(problemBox(error));
    }
    await load();
    focusList();
  }

  async function bulk(action) {
    const f = filter();
    const verb = action === 'retry' ? 'Retry' : 'Discard';
    const text = `${verb} every dead letter of queue “${queue || 'default'}” ${describe(f)}? ` +
      'This covers every page, not only the one on screen.';
    if (!(await confirmAction(`${verb} all matching dead letters?`, text, `${verb} all matching`))) return;
    try {
      const started = performance.now();
      const result = await call('POST', withQuery(`/api/admin/dead-letters/${action}`, { queue }), f);
      const took = Math.round(performance.now() - started);
      const done = action === 'retry' ? result.retried : result.discarded;
      report(`${action === 'retry' ? 'Re-drove' : 'Discarded'} ${done} of ${result.matched} matching dead letter(s) in ${took} ms.`);
    } catch (error) {
      outcome.replaceChildren(problemBox(error));
    }
    cursors.length = 1;
    page = 0;
    await load();
  }

  function focusList() {
    // the row that had the focus is gone: the table (or its empty note) takes it
    if (!list.contains(document.activeElement)) {
      const target = list.querySelector('button, a') || list.firstElementChild;
      if (target) {
        if (!target.matches('button, a')) target.setAttribute('tabindex', '-1');
        target.focus();
      }
    }
  }

  return {
    title: 'Dead letters',
    async mount(main) {
      const queueSelect = h('select', { id: 'dl-queue', name: 'queue' });
      typeInput = h('input', { id: 'dl-type', name: 'type', maxlength: 200, autocomplete: 'off' });
      errorInput = h('input', { id: 'dl-error', name: 'error_contains', maxlength: 200, autocomplete: 'off' });
      const form = h('form', { class: 'inline', 'aria-label': 'Filter' },
        h('label', { for: 'dl-queue' }, 'Queue', queueSelect),
        h('label', { for: 'dl-type' }, 'Task type (exact)', typeInput),
        h('label', { for: 'dl-error' }, 'Error contains', errorInput),
        h('button', { type: 'submit' }, 'Apply filter'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        queue = queueSelect.value;
        cursors.length = 1;
        page = 0;
        load();
      });
      const actions = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Every dead letter that matches the filter' },
        h('button', { type: 'button', id: 'retry-all', class: 'primary', onclick: () => bulk('retry') }, 'Retry all matching…'),
        h('button', { type: 'button', id: 'discard-all', class: 'danger', onclick: () => bulk('discard') }, 'Discard all matching…'));
      pager = h('nav', { class: 'pager', 'aria-label': 'Dead-letter pages' },
        h('button', { type: 'button', id: 'newer', onclick: () => { page -= 1; load(); } }, '← Newer'),
        h('span', { id: 'page-label' }, 'Page 1'),
        h('button', { type: 'button', id: 'older', onclick: () => { cursors[page + 1] = nextCursor; page += 1; load(); } }, 'Older →'));
      outcome = h('div', { id: 'dl-outcome', role: 'status' });
      list = h('div', { id: 'dead-letter-list' });
      main.append(h('h1', {}, 'Dead letters'),
        h('p', { class: 'note' }, 'Newest first. The filter narrows this page and says what “all matching” covers: every page of the queue.'),
        form, actions, outcome, list, pager);
      try {
        const queues = await call('GET', '/api/admin/queues');
        queues.items.forEach((q) => queueSelect.append(h('option', { value: q.queue }, q.queue)));
        queue = queues.items.length ? queues.items[0].queue : '';
      } catch (error) {
        outcome.replaceChildren(problemBox(error));
      }
      await load();
    },
    refresh: load,
  };
}
