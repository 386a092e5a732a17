// Small DOM helpers. Text always goes in through textContent, never as HTML, so nothing the
// API returns can become markup; classes only, never style attributes (the CSP forbids them).

/** h('td', {class: 'num'}, 'text', childNode, ...): an element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Epoch milliseconds or an ISO string as a readable UTC time; '' when absent. */
export function time(value) {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** A state shown as a badge whose class colours it (the text says it too). */
export function badge(state) {
  return h('span', { class: `state state-${state}` }, state);
}

/** A table with a caption, headers and rows; cells are nodes, text or {text, class}. */
export function table(caption, headers, rows) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((header) =>
      h('th', { scope: 'col', class: header.num ? 'num' : null }, header.label || header)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
      h(i === 0 ? 'th' : 'td', {
        scope: i === 0 ? 'row' : null,
        class: headers[i] && headers[i].num ? 'num' : (cell && cell.cls) || null,
      }, cell && cell.cls !== undefined ? cell.text : cell))))));
}

/**
 * Replaces container's children with fresh ones, keeping the keyboard focus on the element with
 * the same data-focus-key: a live refresh must not throw a keyboard user out of a table.
 */
export function replaceKeepingFocus(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.getAttribute('data-focus-key') : null;
  container.replaceChildren(...children.filter((c) => c));
  if (key) {
    const again = container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

const announcer = () => document.getElementById('announcer');

/** Says text in the polite live region (screen readers read it out; the page does not move). */
export function announce(text) {
  const region = announcer();
  if (region && region.textContent !== text) region.textContent = text;
}

/** A problem (problem+json or a network failure) as an alert box. */
export function problemBox(error) {
  const fields = (error && error.fields) || [];
  return h('div', { class: 'problem', role: 'alert' },
    h('p', {}, error && error.message ? error.message : String(error)),
    fields.length ? h('ul', {}, fields.map((f) => h('li', {}, `${f.field}: ${f.message}`))) : null);
}

/** Hash-route query parameters, e.g. #/runs?status=waiting. */
export function routeLink(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}
